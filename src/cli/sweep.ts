import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { AppError } from '../lib/index.js';
import {
  createLogger,
  loadConfig,
  openSubmitRuntime,
  openWorkerRuntime,
  readSweepLine,
  readSweepObject,
  startSweepWork,
  submitSweep,
  sweepResultLines,
  sweepTenant,
  type SubmitRuntime,
} from '../server/index.js';
import { getSweep, type Sweep, type SweepInvalidLine, type SweepItemInput } from '../store/index.js';
import type { Io } from './io.js';

export const SWEEP_HELP = `qinglang sweep FILE.jsonl|DIR|- [--tenant T] [--out results.jsonl] [--age-band B] [--surface S] [--no-wait]
  Moderates a backlog: one {"ref", "text", "ageBand"?, "surface"?} a line (a plain-text line is a text whose ref is its
  line number), or every file under DIR (its path the ref). Each item goes to the decision log of the tenant (the only
  one, or --tenant; a first sweep on an empty installation creates "default") and one result line to --out (default
  standard output), in input order: {"index", "ref", "flagged", "action", "categories", "matches", "scores", "signals"}; a
  line that cannot be read is {"index", "line", "error"} and the sweep goes on. With NATS_URL, \`qinglang worker\`
  processes do the work (--no-wait prints the sweep's id and returns); without it this process does, in worker threads.
  Progress goes to standard error (a bar on a terminal). Exit code: 0 when every line was read, 1 when any failed, 2 on
  a usage error.`;

const POLL_MS = 250;

async function* fileItems(
  input: NodeJS.ReadableStream,
  maxTextLength: number,
): AsyncGenerator<SweepItemInput | SweepInvalidLine | undefined> {
  let lineNumber = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNumber++;
    yield readSweepLine(line, lineNumber, maxTextLength);
  }
}

/** Every regular file under `dir`, sorted by path: an object listing, each file an item whose ref is its path. */
async function* directoryItems(dir: string, maxTextLength: number): AsyncGenerator<SweepItemInput | SweepInvalidLine> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const [index, path] of files.entries()) {
    const ref = relative(dir, path);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      yield {
        index,
        line: index + 1,
        ref,
        error: `line ${index + 1}: cannot read ${ref}: ${(error as Error).message}`,
      };
      continue;
    }
    yield readSweepObject({ ref, text }, index, index + 1, maxTextLength);
  }
}

/** The progress line on a terminal, redrawn at most four times a second. */
function drawProgress(io: Io, sweep: Sweep, started: number): void {
  const share = sweep.total === 0 ? 0 : Math.min(1, sweep.done / sweep.total);
  const filled = Math.round(share * 30);
  const seconds = (performance.now() - started) / 1000;
  const rate = seconds > 0 ? Math.round(sweep.done / seconds) : 0;
  const reading = sweep.status === 'submitting' ? ' 读取中 reading…' : '';
  io.stderr.write(
    `\r\u001b[2K[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${(share * 100).toFixed(0)}% ` +
      `${sweep.done}/${sweep.total} 条 items, ${sweep.flagged} 标记 flagged, ${sweep.invalid} 行出错 invalid, ${rate}/s${reading}`,
  );
}

async function waitForSweep(runtime: SubmitRuntime, id: string, io: Io, started: number): Promise<Sweep> {
  for (;;) {
    const sweep = await getSweep(runtime.store.db, id);
    if (sweep === undefined) throw new Error(`sweep ${id} disappeared`);
    if (io.stderrIsTty) drawProgress(io, sweep, started);
    if (sweep.status === 'done') return sweep;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function writeResults(runtime: SubmitRuntime, id: string, out: Writable): Promise<void> {
  for await (const line of sweepResultLines(runtime, id)) {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
}

/** `qinglang sweep`: submits a backlog, waits for it and writes its result lines. */
export async function runSweep(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      tenant: { type: 'string' },
      out: { type: 'string' },
      'age-band': { type: 'string' },
      surface: { type: 'string' },
      'no-wait': { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new AppError('usage', `sweep takes one FILE, DIR or -.\n${SWEEP_HELP}`);
  const path = positionals[0]!;
  let isDirectory = false;
  if (path !== '-') {
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch {
      throw new AppError('usage', `sweep: cannot read ${path}`);
    }
  }
  const config = loadConfig(process.env);
  if (values['no-wait'] && config.natsUrl === undefined)
    throw new AppError('usage', '--no-wait needs NATS_URL: without it this process does the work and must wait for it');
  // The log is for operators; the command's own output is the result lines and the progress on standard error.
  const destination = pino.destination({ dest: 2, sync: true });
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, destination);
  const name = `qinglang-sweep-${process.pid}`;
  // With NATS the workers moderate; without it this process does, in its own worker threads.
  const local =
    config.natsUrl === undefined
      ? await openWorkerRuntime(config, { log, name, threads: Math.max(1, config.moderationWorkers) })
      : undefined;
  const runtime: SubmitRuntime = local ?? (await openSubmitRuntime(config, { log, name }));
  try {
    const work =
      local === undefined
        ? undefined
        : startSweepWork(local, { concurrency: Math.max(2, config.moderationWorkers * 2) });
    try {
      const tenantId = await sweepTenant(runtime.store, values.tenant, runtime.clock());
      const started = performance.now();
      const max = config.maxTextLength;
      const items = isDirectory
        ? directoryItems(path, max)
        : fileItems(path === '-' ? io.stdin : createReadStream(path), max);
      const submitted = await submitSweep(runtime, {
        tenantId,
        source: path,
        ageBand: values['age-band'],
        surface: values.surface,
        items,
      });
      if (values['no-wait']) {
        io.stdout.write(`${submitted.id}\n`);
        return submitted.invalid > 0 ? 1 : 0;
      }
      if (!io.stderrIsTty && runtime.jobs.kind === 'jetstream')
        io.stderr.write(`sweep ${submitted.id}: ${submitted.total} items queued for qinglang worker\n`);
      const sweep = await waitForSweep(runtime, submitted.id, io, started);
      const out = values.out === undefined ? io.stdout : createWriteStream(values.out);
      await writeResults(runtime, sweep.id, out);
      if (out !== io.stdout) {
        out.end();
        await once(out, 'finish');
      }
      const seconds = (performance.now() - started) / 1000;
      io.stderr.write(
        `${io.stderrIsTty ? '\r\u001b[2K' : ''}完成 done: sweep ${sweep.id}, ${sweep.done} 条 items ` +
          `(${sweep.flagged} 标记 flagged), ${sweep.invalid} 行出错 invalid, ${seconds.toFixed(1)} s\n`,
      );
      return sweep.invalid > 0 ? 1 : 0;
    } finally {
      work?.stop();
    }
  } finally {
    await runtime.close();
    destination.flushSync();
  }
}
