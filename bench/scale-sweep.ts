/**
 * Sweep throughput (issue 19), the sweep half of `npm run bench:scale`: a backlog of texts (default 100,000) moderated by
 * 1 and then 2 `qinglang worker` processes through NATS JetStream, and a third run with 2 workers in which one is killed
 * with SIGKILL halfway: every item must then be in the results and the decision log exactly once (the script exits 1
 * otherwise). The texts are built from the repository's own evaluation conversations (data/eval/conversations), two to
 * four messages a text. PostgreSQL from BENCH_PG_URL or TEST_PG_URL (a schema of its own per run), else SQLite; NATS from
 * BENCH_NATS_URL, TEST_NATS_URL or NATS_URL (default nats://127.0.0.1:4222), a stream prefix of its own per run.
 *
 *   node dist/bench/scale-sweep.js [--count 100000] [--runs 1,2,kill]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { sql } from 'kysely';
import pg from 'pg';
import { jetStreamNames } from '../src/server/index.js';
import {
  createTenant,
  getSweep,
  listSweepResults,
  migrateToLatest,
  openStore,
  sweepRequestId,
  type Store,
} from '../src/store/index.js';
import { parseScriptArgs } from '../scripts/args.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/qinglang.js');

/** One measured run. */
export interface SweepRun {
  readonly name: string;
  readonly workers: number;
  readonly items: number;
  readonly seconds: number;
  /** Of which `qinglang sweep --no-wait` took to store the items and queue the chunks (workers start meanwhile). */
  readonly submitSeconds: number;
  readonly itemsPerSecond: number;
  /** The kill run: items done when the worker was killed, and whether every item came out exactly once. */
  readonly killedAt?: number;
  readonly exactlyOnce?: boolean;
}

/** Texts from the project's own evaluation conversations: two to four messages joined, each text unique by its number. */
export function sweepTexts(count: number): string[] {
  const dir = join(ROOT, 'data/eval/conversations');
  const messages: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const conversation = JSON.parse(line) as { messages: { text: string }[] };
      for (const m of conversation.messages) messages.push(m.text);
    }
  }
  if (messages.length === 0) throw new Error(`no messages in ${dir}`);
  return Array.from({ length: count }, (_, i) => {
    const parts = 2 + (i % 3);
    const start = (i * 7919) % messages.length;
    const picked = Array.from({ length: parts }, (_, k) => messages[(start + k) % messages.length]!);
    return `${picked.join('，')}（${i}）`;
  });
}

interface Database {
  readonly env: Record<string, string>;
  readonly url: string;
  readonly schema: string | undefined;
  drop(): Promise<void>;
}

function freshDatabase(pgUrl: string | undefined): Database {
  if (pgUrl === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'qinglang-bench-sweep-db-'));
    const url = `sqlite:${join(dir, 'bench.db')}`;
    return {
      env: { DATABASE_URL: url },
      url,
      schema: undefined,
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const schema = `bench_sweep_${process.pid}_${randomBytes(3).toString('hex')}`;
  return {
    env: { DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema },
    url: pgUrl,
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

async function spawnWorker(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'worker'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn', MODERATION_WORKERS: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk;
      if (seen.includes('is taking jobs')) resolve();
    });
    void exited.then((code) => reject(new Error(`worker exited with ${code}: ${seen}`)));
  });
  return { child, exited };
}

async function submit(env: Record<string, string>, file: string): Promise<string> {
  const child = spawn(process.execPath, [BIN, 'sweep', file, '--tenant', 'bench', '--no-wait'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`qinglang sweep exited with ${code}: ${err}`);
  return out.trim();
}

/** Every item once in the results (indexes 0..count-1) and in the decision log. */
async function exactlyOnce(store: Store, id: string, count: number): Promise<boolean> {
  let expected = 0;
  let after = -1;
  for (;;) {
    const page = await listSweepResults(store.db, id, { afterIndex: after, limit: 10_000 });
    for (const row of page) if (row.index !== expected++) return false;
    if (page.length < 10_000) break;
    after = page.at(-1)!.index;
  }
  if (expected !== count) return false;
  const logged = await sql<{ n: number | string; d: number | string }>`
    select count(*) as n, count(distinct item_index) as d from decisions where request_id = ${sweepRequestId(id)}`.execute(
    store.db,
  );
  const row = logged.rows[0];
  return Number(row?.n) === count && Number(row?.d) === count;
}

async function dropStreams(natsUrl: string, prefix: string): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const names = jetStreamNames(prefix);
    for (const stream of [names.stream, names.deadStream]) await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

async function measure(
  options: {
    readonly natsUrl: string;
    readonly pgUrl: string | undefined;
    readonly file: string;
    readonly count: number;
  },
  workers: number,
  kill: boolean,
): Promise<SweepRun> {
  const database = freshDatabase(options.pgUrl);
  const prefix = `bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const env = { ...database.env, NATS_URL: options.natsUrl, NATS_PREFIX: prefix };
  const store = await openStore({ databaseUrl: database.url, databaseSchema: database.schema });
  const running: { child: ChildProcess; exited: Promise<number | null> }[] = [];
  try {
    await migrateToLatest(store.db);
    await createTenant(store.db, { id: 'bench' }, Date.now());
    for (let w = 0; w < workers; w++) running.push(await spawnWorker(env));
    const started = performance.now();
    const id = await submit(env, options.file);
    const submitted = (performance.now() - started) / 1000;
    let killedAt: number | undefined;
    for (;;) {
      const sweep = await getSweep(store.db, id);
      if (sweep?.status === 'done') break;
      if (kill && killedAt === undefined && sweep !== undefined && sweep.done >= options.count / 2) {
        killedAt = sweep.done;
        running[0]!.child.kill('SIGKILL');
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const seconds = (performance.now() - started) / 1000;
    const name = kill ? `${workers} workers, one killed halfway` : `${workers} worker${workers > 1 ? 's' : ''}`;
    return {
      name,
      workers,
      items: options.count,
      seconds,
      submitSeconds: submitted,
      itemsPerSecond: options.count / seconds,
      ...(kill ? { killedAt: killedAt ?? 0, exactlyOnce: await exactlyOnce(store, id, options.count) } : {}),
    };
  } finally {
    for (const w of running) w.child.kill('SIGTERM');
    await Promise.all(running.map((w) => w.exited));
    await store.close();
    await database.drop();
    await dropStreams(options.natsUrl, prefix);
  }
}

/** Runs the sweep benchmark; `runs` picks 1 worker, 2 workers and the kill run. */
export async function runSweepBench(options: {
  readonly count: number;
  readonly runs: readonly ('1' | '2' | 'kill')[];
  readonly print: (line: string) => void;
}): Promise<readonly SweepRun[]> {
  const env = (name: string): string | undefined => (process.env[name] === '' ? undefined : process.env[name]);
  const natsUrl = env('BENCH_NATS_URL') ?? env('TEST_NATS_URL') ?? env('NATS_URL') ?? 'nats://127.0.0.1:4222';
  const pgUrl = env('BENCH_PG_URL') ?? env('TEST_PG_URL');
  const dir = mkdtempSync(join(tmpdir(), 'qinglang-bench-sweep-'));
  const file = join(dir, 'backlog.jsonl');
  try {
    writeFileSync(
      file,
      sweepTexts(options.count)
        .map((text, i) => JSON.stringify({ ref: `bench-${i}`, text }))
        .join('\n'),
    );
    options.print(
      `sweep: ${options.count} texts from data/eval/conversations, on ${pgUrl === undefined ? 'SQLite' : 'PostgreSQL'} and NATS ${natsUrl}; each worker 1 engine thread`,
    );
    const results: SweepRun[] = [];
    for (const run of options.runs) {
      const result = await measure({ natsUrl, pgUrl, file, count: options.count }, run === '1' ? 1 : 2, run === 'kill');
      results.push(result);
      const extra =
        result.killedAt === undefined
          ? ''
          : `, killed at ${result.killedAt} done, every item exactly once: ${result.exactlyOnce === true ? 'yes' : 'NO'}`;
      options.print(
        `  ${result.name.padEnd(30)} ${Math.round(result.itemsPerSecond).toString().padStart(6)} items/s  (${result.seconds.toFixed(1)} s, of which submitting ${result.submitSeconds.toFixed(1)} s${extra})`,
      );
    }
    const one = results.find((r) => r.name === '1 worker');
    const two = results.find((r) => r.name === '2 workers');
    if (one !== undefined && two !== undefined)
      options.print(`  2 workers / 1 worker: ${(two.itemsPerSecond / one.itemsPerSecond).toFixed(2)}x`);
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const usage = 'node dist/bench/scale-sweep.js [--count 100000] [--runs 1,2,kill]';
  const { values } = parseScriptArgs(usage, {
    count: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '1,2,kill' },
  });
  const count = Number(values.count);
  const runs = values.runs.split(',');
  if (!Number.isSafeInteger(count) || count < 1 || runs.some((r) => !['1', '2', 'kill'].includes(r))) {
    process.stderr.write(`usage: ${usage}\n`);
    process.exit(2);
  }
  const results = await runSweepBench({
    count,
    runs: runs as ('1' | '2' | 'kill')[],
    print: (line) => process.stdout.write(`${line}\n`),
  });
  if (results.some((r) => r.exactlyOnce === false)) {
    process.stderr.write('FAILED: an item was lost or counted twice after the worker was killed\n');
    process.exitCode = 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
