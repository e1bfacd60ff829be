/**
 * Scale-out benchmark (issue 19): `npm run bench:scale`. The API part starts `qinglang serve` processes on PostgreSQL and
 * Redis (loopback) and measures POST /v1/moderate (200-character texts, as bench:http) with one process, then two (the
 * ratio is the figure); drives one key limited to a quarter of that rate through both processes at once and asserts it
 * was refused and never got more than its limit; and changes a tenant's lexicon through one process, timing until the other serves the
 * new version (asserted under 1 s; the lexicon poll is set to an hour, so only the processes' notices count). The sweep
 * part (bench/scale-sweep.ts) follows. Exits 1 when an assertion fails.
 *
 * PostgreSQL from BENCH_PG_URL or TEST_PG_URL (a schema of its own per run), Redis from REDIS_URL.
 *
 *   npm run bench:scale -- [--duration S] [--connections N] [--only api|sweep] [--count N]
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { createApiKey, createTenant, migrateToLatest, openStore } from '../src/store/index.js';
import { parseScriptArgs } from '../scripts/args.js';
import { makeBodies, startServer } from './http.js';
import { runSweepBench } from './scale-sweep.js';

/** The most a lexicon change may take to be served by another process. */
const ANNOUNCE_MS = 1000;
const TERM = '星河兑换券';

interface Drive {
  readonly requests: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly rps: number;
  readonly p99: number;
  readonly seconds: number;
}

/** Drives each URL with its share of the connections at once, for `duration` seconds; sums what they answered. */
async function drive(
  urls: readonly string[],
  token: string,
  options: { readonly connections: number; readonly duration: number; readonly bodies: readonly string[] },
): Promise<Drive> {
  let next = 0;
  const started = performance.now();
  const results = await Promise.all(
    urls.map((url) =>
      autocannon({
        url: `${url}/v1/moderate`,
        connections: Math.max(1, Math.round(options.connections / urls.length)),
        duration: options.duration,
        requests: [
          {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            setupRequest: (request) => ({ ...request, body: options.bodies[next++ % options.bodies.length]! }),
          },
        ],
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const ok = results.reduce((n, r) => n + r['2xx'], 0);
  return {
    requests: results.reduce((n, r) => n + r.requests.total, 0),
    ok,
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
    rps: results.reduce((n, r) => n + r.requests.average, 0),
    // The slower process's p99: what a caller behind the load balancer may meet.
    p99: Math.max(...results.map((r) => r.latency.p99)),
    seconds,
  };
}

/**
 * Changes the lexicon through `from` and times until `from` itself and `to` answer with the new version, in milliseconds:
 * the origin's own time is what compiling takes; the other's beyond it is what telling it costs.
 */
async function announceMs(
  from: string,
  to: string,
  admin: string,
  moderate: string,
  round: number,
): Promise<{ readonly self: number; readonly other: number }> {
  const post = (url: string, path: string, key: string, body: unknown) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
  const changed = await post(from, '/v1/lexicon/changes', admin, {
    add: [{ term: `${TERM}${round}`, category: 'gambling', severity: 'high' }],
  });
  if (changed.status !== 201) throw new Error(`lexicon change failed: ${JSON.stringify(changed.body)}`);
  const started = performance.now();
  const version = changed.body['version'] as number;
  const served = async (url: string): Promise<number> => {
    for (;;) {
      const answer = await post(url, '/v1/moderate', moderate, { text: `来玩${TERM}${round}吧` });
      if (answer.body['lexiconVersion'] === version) return performance.now() - started;
      if (performance.now() - started > 60_000) throw new Error(`${url} never served the new version`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const [self, other] = await Promise.all([served(from), served(to)]);
  return { self, other };
}

/** The API part; resolves to whether every assertion held. */
export async function runApiScaleBench(options: {
  readonly pgUrl: string;
  readonly redisUrl: string;
  readonly duration: number;
  readonly connections: number;
  readonly print: (line: string) => void;
}): Promise<boolean> {
  const { print } = options;
  const schema = `bench_scale_${process.pid}_${randomBytes(3).toString('hex')}`;
  const store = await openStore({ databaseUrl: options.pgUrl, databaseSchema: schema });
  let fast: string;
  let admin: string;
  try {
    await migrateToLatest(store.db);
    await createTenant(store.db, { id: 'bench' }, Date.now());
    const key = async (scopes: ('moderate' | 'admin')[], rateLimit?: number) =>
      (await createApiKey(store.db, { tenantId: 'bench', scopes, ...(rateLimit ? { rateLimit } : {}) }, Date.now()))
        .token;
    fast = await key(['moderate'], 1_000_000);
    admin = await key(['admin']);
  } finally {
    await store.close();
  }
  const env = {
    DATABASE_URL: options.pgUrl,
    DATABASE_SCHEMA: schema,
    REDIS_URL: options.redisUrl,
    LEXICON_POLL_SECONDS: '3600',
  };
  const log = (name: string) => join(tmpdir(), `qinglang-bench-scale-${name}-${process.pid}.log`);
  const servers: Awaited<ReturnType<typeof startServer>>[] = [];
  let passed = true;
  try {
    const bodies = makeBodies(1000, 0.125);
    const a = await startServer(env, log('a'), undefined);
    servers.push(a);
    print(
      `POST /v1/moderate, 200-character texts, ${options.connections} connections, ${options.duration} s, PostgreSQL + Redis on loopback`,
    );
    await drive([a.url], fast, { connections: options.connections, duration: 3, bodies });
    const one = await drive([a.url], fast, { connections: options.connections, duration: options.duration, bodies });
    const b = await startServer(env, log('b'), undefined);
    servers.push(b);
    await drive([b.url], fast, { connections: options.connections, duration: 3, bodies });
    const two = await drive([a.url, b.url], fast, {
      connections: options.connections,
      duration: options.duration,
      bodies,
    });
    for (const [name, d] of [
      ['1 process', one],
      ['2 processes', two],
    ] as const) {
      print(
        `  ${name.padEnd(12)} ${Math.round(d.rps).toString().padStart(6)} req/s  p99 ${d.p99} ms  (${d.ok} ok, ${d.non2xx} non-2xx, ${d.errors} errors)`,
      );
      if (d.non2xx > 0 || d.errors > 0) {
        print(`  FAILED: ${name} answered errors; see ${log('a')} and ${log('b')}`);
        passed = false;
      }
    }
    print(`  2 processes / 1 process: ${(two.rps / one.rps).toFixed(2)}x`);

    // A quarter of what the two processes answered: the key must run into its limit however fast the machine is.
    const limit = Math.max(5, Math.floor(two.rps / 4));
    const created = await fetch(`${a.url}/v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scopes: ['moderate'], rateLimit: limit }),
    }).then((r) => r.json() as Promise<{ token: string }>);
    const shared = await drive([a.url, b.url], created.token, { connections: 16, duration: 5, bodies });
    // Fixed one-second windows, each opened by the key's first call after the last one closed: over T seconds at most
    // ceil(T) + 1 of them. Two processes counting apart would allow about twice the limit a second.
    const bound = limit * (Math.ceil(shared.seconds) + 1);
    const held = shared.ok <= bound && shared.non2xx > 0;
    print(
      `  a key limited to ${limit}/s, through both processes for ${shared.seconds.toFixed(1)} s: ${shared.ok} answered, ` +
        `${shared.non2xx} refused (at most ${bound} allowed): ${held ? 'held' : 'EXCEEDED or never reached'}`,
    );
    if (!held) passed = false;

    const times: { self: number; other: number }[] = [];
    for (let round = 0; round < 5; round++) {
      const [from, to] = round % 2 === 0 ? [a.url, b.url] : [b.url, a.url];
      times.push(await announceMs(from, to, admin, fast, round));
    }
    const worst = Math.max(...times.map((t) => t.other));
    const within = worst < ANNOUNCE_MS;
    const ms = (list: number[]) => list.map((t) => Math.round(t)).join(', ');
    print(
      `  lexicon change on one process served by the other after ${ms(times.map((t) => t.other))} ms ` +
        `(worst ${Math.round(worst)} ms; must be under ${ANNOUNCE_MS}): ${within ? 'ok' : 'TOO SLOW'}; ` +
        `by the process that took it, after ${ms(times.map((t) => t.self))} ms (its own compile)`,
    );
    if (!within) passed = false;
    return passed;
  } finally {
    for (const { child } of servers) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    }
    const client = new pg.Client({ connectionString: options.pgUrl });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  }
}

/**
 * The parts of `bench:scale`, in order. Another part joins by adding an entry here (its own file exports a `run`); `--only`
 * picks one by name.
 */
const PARTS: readonly {
  readonly name: string;
  readonly run: (values: Readonly<Record<string, string>>, print: (line: string) => void) => Promise<boolean>;
}[] = [
  {
    name: 'api',
    run: async (values, print) => {
      const pgUrl = process.env['BENCH_PG_URL'] || process.env['TEST_PG_URL'];
      const redisUrl = process.env['REDIS_URL'];
      if (!pgUrl || !redisUrl) {
        print('api: skipped (set BENCH_PG_URL or TEST_PG_URL, and REDIS_URL)');
        return false;
      }
      return runApiScaleBench({
        pgUrl,
        redisUrl,
        duration: Number(values['duration']),
        connections: Number(values['connections']),
        print,
      });
    },
  },
  {
    name: 'sweep',
    run: async (values, print) => {
      const results = await runSweepBench({ count: Number(values['count']), runs: ['1', '2', 'kill'], print });
      return results.every((r) => r.exactlyOnce !== false);
    },
  },
];

async function main(): Promise<void> {
  const { values } = parseScriptArgs(
    'npm run bench:scale -- [--duration S] [--connections N] [--only api|sweep] [--count N]',
    {
      duration: { type: 'string', default: '15' },
      connections: { type: 'string', default: '32' },
      only: { type: 'string' },
      count: { type: 'string', default: '100000' },
    },
  );
  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  const { only, ...rest } = values;
  for (const part of PARTS) {
    if (only !== undefined && only !== part.name) continue;
    if (!(await part.run(rest, print))) {
      print(`${part.name}: FAILED`);
      process.exitCode = 1;
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
