import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Engine, AgeBand } from '../engine/index.js';
import { AppError } from '../lib/index.js';
import { verdictLineFields } from '../server/index.js';
import { ENGINE_ARG_HELP, ENGINE_ARG_OPTIONS, engineFromArgs } from './engine-args.js';
import type { Io } from './io.js';

export const SCAN_HELP = `qinglang scan [FILE|-] [--format jsonl] [options]
  Reads one JSON object a line ({"id": …, "text": …}; a plain-text line is taken as text, its id the line number) and
  writes one verdict a line, in input order: {"id", "flagged", "action", "categories", "matches", "scores", "signals"}
  (the last two from the model stage; not there with --no-model). A malformed line yields {"id", "error"} and the scan
  goes on.
  Exit code: 0 when every line was read, 1 when any failed, 2 on a usage error.
${ENGINE_ARG_HELP}`;

type LineResult = { readonly ok: true; readonly json: string } | { readonly ok: false; readonly json: string };

/** Turns one input line into one output line. Never throws. */
export function scanLine(engine: Engine, ageBand: AgeBand, line: string, lineNumber: number): LineResult {
  let id: unknown = lineNumber;
  let text: string;
  if (line.trimStart().startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      return {
        ok: false,
        json: JSON.stringify({ id, error: `line ${lineNumber}: not valid JSON: ${(error as Error).message}` }),
      };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { ok: false, json: JSON.stringify({ id, error: `line ${lineNumber}: expected a JSON object` }) };
    }
    const record = parsed as Record<string, unknown>;
    if ('id' in record) id = record['id'];
    if (typeof record['text'] !== 'string') {
      return { ok: false, json: JSON.stringify({ id, error: `line ${lineNumber}: "text" must be a string` }) };
    }
    text = record['text'];
  } else {
    text = line;
  }
  const verdict = engine.moderate(text, { ageBand });
  return { ok: true, json: JSON.stringify({ id, ...verdictLineFields(verdict) }) };
}

/** `qinglang scan`: JSON lines in, verdict lines out, in constant memory. */
export async function runScan(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { ...ENGINE_ARG_OPTIONS, format: { type: 'string', default: 'jsonl' } },
    allowPositionals: true,
  });
  if (values.format !== 'jsonl')
    throw new AppError('usage', `--format: only jsonl is supported, got "${values.format}"`);
  if (positionals.length > 1) throw new AppError('usage', `scan takes at most one file.\n${SCAN_HELP}`);
  const file = positionals[0] ?? '-';
  let total: number | undefined;
  if (file !== '-') {
    try {
      total = (await stat(file)).size;
    } catch {
      throw new AppError('usage', `scan: cannot read ${file}`);
    }
  }
  const { engine, ageBand } = await engineFromArgs(values);
  const input = file === '-' ? io.stdin : createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  const progress = io.stderrIsTty ? createProgress(io, total) : undefined;
  let lineNumber = 0;
  let failed = 0;
  let bytes = 0;
  for await (const line of lines) {
    lineNumber++;
    bytes += Buffer.byteLength(line) + 1;
    const result = scanLine(engine, ageBand, line, lineNumber);
    if (!result.ok) failed++;
    if (!io.stdout.write(`${result.json}\n`)) await once(io.stdout, 'drain');
    progress?.update(lineNumber, bytes);
  }
  progress?.done(lineNumber, failed);
  return failed > 0 ? 1 : 0;
}

/** A one-line progress bar on stderr, redrawn at most ten times a second. */
function createProgress(
  io: Io,
  total: number | undefined,
): { update(lines: number, bytes: number): void; done(lines: number, failed: number): void } {
  let last = 0;
  const draw = (lines: number, bytes: number): void => {
    const mib = (bytes / 1048576).toFixed(1);
    if (total) {
      const share = Math.min(1, bytes / total);
      const filled = Math.round(share * 30);
      io.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${(share * 100).toFixed(0)}% ${lines} 行 lines, ${mib} MiB`,
      );
    } else {
      io.stderr.write(`\r${lines} 行 lines, ${mib} MiB`);
    }
  };
  return {
    update(lines, bytes) {
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      draw(lines, bytes);
    },
    done(lines, failed) {
      io.stderr.write(`\r\u001b[2K完成 done: ${lines} 行 lines, ${failed} 行出错 failed\n`);
    },
  };
}
