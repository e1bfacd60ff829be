/**
 * Load benchmark of the real service: `npm run bench:http`. Starts `qinglang serve` as its own process on loopback (logging
 * on, to a file), then drives POST /v1/moderate with autocannon: 200-character texts, about one in eight harmful and often
 * disguised. Runs on SQLite, and on PostgreSQL when BENCH_PG_URL (or TEST_PG_URL) is set. Prints requests/s and p50/p99.
 * With --side-load, another client sends large batches and lexicon changes meanwhile: the single calls' p99 beside them
 * is what one platform's backlog job costs every other caller (compare MODERATION_WORKERS=0). `--side-load-kind changes`
 * sends the lexicon changes alone (what a swap costs), `--side-load-kind batches` the batches alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { createApiKey, createTenant, migrateToLatest, openStore } from '../src/store/index.js';
import { parseScriptArgs } from '../scripts/args.js';

const BIN = fileURLToPath(new URL('../../bin/qinglang.js', import.meta.url));

// Everyday chat, comments and study-app posts, written for this benchmark.
const BENIGN = [
  '今天放学以后我们一起去图书馆写作业吧，',
  '这道数学题我想了半天终于做出来了，',
  '周末和爸爸妈妈去博物馆看了恐龙化石，',
  '老师说下周要交读书笔记，大家别忘了，',
  '新出的动画片好好看，主角特别勇敢，',
  '我家的小猫今天又把毛线球弄乱了，',
  '明天降温了记得多穿一件外套，',
  '篮球比赛我们班赢了，大家都很开心，',
  '这首诗的意境真美，春风又绿江南岸，',
  '有没有人推荐一下适合初中生看的科普书？',
  '刚学会做番茄炒蛋，味道还不错，',
  '下雨天在家听音乐看书也挺舒服的，',
  'Today I practiced piano for an hour, ',
  '英语单词背了五十个，明天继续加油，',
  '学校的运动会下个月开始，我报了跳远，',
];
// Harmful content as people disguise it: traditional characters, separators, pinyin, homophones, contact details.
const HARMFUL = [
  '想賭＊博的私聊我，',
  '加我V信聊聊，有好东西，',
  '网上赌博稳赚不赔，带你上分，',
  '出售大麻，同城送货，',
  '扣扣幺三八零零，私下联系，',
  '有人一起约吗，不要告诉家长，',
  '来玩菠菜，日赚几百，',
  '割腕的方法谁知道，',
];

function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Request bodies of exactly 200 characters; `harmfulShare` of them carry one harmful phrase. */
export function makeBodies(count: number, harmfulShare: number): string[] {
  const random = rng(42);
  const pick = (list: readonly string[]): string => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, (_, i) => {
    let text = '';
    const harmful = random() < harmfulShare;
    const at = Math.floor(random() * 150);
    while (text.length < 200) {
      if (harmful && text.length >= at && !HARMFUL.some((h) => text.includes(h))) text += pick(HARMFUL);
      else text += pick(BENIGN);
    }
    return JSON.stringify({
      text: text.slice(0, 200),
      surface: 'comment',
      ageBand: 'age_12_16',
      userRef: `user-${i % 97}`,
    });
  });
}

interface Target {
  readonly name: string;
  readonly env: Record<string, string>;
  readonly databaseUrl: string;
  readonly databaseSchema: string | undefined;
  cleanup(): Promise<void>;
}

function sqliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'qinglang-bench-'));
  const databaseUrl = `sqlite:${join(dir, 'bench.db')}`;
  return {
    name: 'sqlite',
    env: { DATABASE_URL: databaseUrl },
    databaseUrl,
    databaseSchema: undefined,
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
}

function postgresTarget(url: string): Target {
  const schema = `bench_${process.pid}`;
  return {
    name: 'postgres',
    env: { DATABASE_URL: url, DATABASE_SCHEMA: schema },
    databaseUrl: url,
    databaseSchema: schema,
    async cleanup() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    },
  };
}

export async function startServer(
  env: Record<string, string>,
  logFile: string,
  profileDir: string | undefined,
): Promise<{ child: ChildProcess; url: string }> {
  // With --profile, V8 writes the server's CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir];
  const child = spawn(process.execPath, [...profile, BIN, 'serve'], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', openSync(logFile, 'w'), 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk;
      const found = /serving on (http:\/\/\S+)/.exec(seen);
      if (found !== null) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${seen}`)));
  });
  return { child, url };
}

async function run(
  target: Target,
  options: {
    duration: number;
    connections: number;
    bodies: readonly string[];
    profileDir: string | undefined;
    sideLoad: SideLoad | undefined;
  },
) {
  const store = await openStore({ databaseUrl: target.databaseUrl, databaseSchema: target.databaseSchema });
  let token: string;
  let admin: string;
  try {
    await migrateToLatest(store.db);
    await createTenant(store.db, { id: 'bench' }, Date.now());
    token = (
      await createApiKey(store.db, { tenantId: 'bench', scopes: ['moderate'], rateLimit: 1_000_000 }, Date.now())
    ).token;
    admin = (await createApiKey(store.db, { tenantId: 'bench', scopes: ['admin'] }, Date.now())).token;
  } finally {
    await store.close();
  }
  const logFile = join(tmpdir(), `qinglang-bench-${target.name}-${process.pid}.log`);
  const { child, url } = await startServer(target.env, logFile, options.profileDir);
  let next = 0;
  const drive = (duration: number) =>
    autocannon({
      url: `${url}/v1/moderate`,
      connections: options.connections,
      duration,
      requests: [
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          setupRequest: (request) => ({ ...request, body: options.bodies[next++ % options.bodies.length]! }),
        },
      ],
    });
  try {
    const warmup = await drive(3);
    const side = options.sideLoad ? startSideLoad(url, token, admin, options.sideLoad) : undefined;
    const result = await drive(options.duration);
    const sideCounts = await side?.stop();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    // Every answered call must be in the decision log: count them once the server has stopped. Calls still in flight when
    // autocannon stops are answered and logged but not counted by it, so the log may hold a few more.
    const after = await openStore({ databaseUrl: target.databaseUrl, databaseSchema: target.databaseSchema });
    try {
      const row = await after.db
        .selectFrom('decisions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return { result, logFile, answered: warmup['2xx'] + result['2xx'], logged: Number(row.n), sideCounts };
    } finally {
      await after.close();
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await target.cleanup();
  }
}

/**
 * The other client of `--side-load`: back-to-back batches of 200 texts of 2,000 characters (what a platform's backlog
 * job sends) and a lexicon change every 3 s, beside the measured single calls, until stopped.
 */
type SideLoad = 'both' | 'changes' | 'batches';

function startSideLoad(
  url: string,
  token: string,
  admin: string,
  kind: SideLoad,
): { stop(): Promise<{ batches: number; changes: number }> } {
  let running = true;
  let batches = 0;
  let changes = 0;
  const text = (i: number): string => {
    let t = '';
    for (let k = i; t.length < 2000; k++) t += k % 8 === 0 ? HARMFUL[k % HARMFUL.length]! : BENIGN[k % BENIGN.length]!;
    return t.slice(0, 2000);
  };
  const batch = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ text: text(i) })) });
  const post = (path: string, key: string, body: string) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    }).then((r) => r.arrayBuffer());
  const batchLoop = (async () => {
    while (running && kind !== 'changes') {
      await post('/v1/moderate/batch', token, batch);
      batches++;
    }
  })();
  const changeLoop = (async () => {
    while (running && kind !== 'batches') {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      if (!running) break;
      const term = `基准测试词${changes}`;
      await post(
        '/v1/lexicon/changes',
        admin,
        JSON.stringify({ add: [{ term, category: 'gambling', severity: 'high' }] }),
      );
      changes++;
    }
  })();
  return {
    async stop() {
      running = false;
      await Promise.all([batchLoop, changeLoop]);
      return { batches, changes };
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseScriptArgs(
    'npm run bench:http -- [--duration S] [--connections N] [--harmful-share F] [--only sqlite|postgres] [--profile DIR] [--side-load] [--side-load-kind both|changes|batches]',
    {
      duration: { type: 'string', default: '15' },
      connections: { type: 'string', default: '32' },
      'harmful-share': { type: 'string', default: '0.125' },
      only: { type: 'string' },
      profile: { type: 'string' },
      'side-load': { type: 'boolean', default: false },
      'side-load-kind': { type: 'string', default: 'both' },
    },
  );
  const kind = values['side-load-kind'];
  if (kind !== 'both' && kind !== 'changes' && kind !== 'batches') {
    process.stderr.write(`--side-load-kind must be both, changes or batches, not "${kind}"\n`);
    process.exit(2);
  }
  const sideLoad: SideLoad = kind;
  const bodies = makeBodies(1000, Number(values['harmful-share']));
  const pgUrl = process.env['BENCH_PG_URL'] ?? process.env['TEST_PG_URL'];
  const targets: Target[] = [];
  if (values.only === undefined || values.only === 'sqlite') targets.push(sqliteTarget());
  if ((values.only === undefined || values.only === 'postgres') && pgUrl !== undefined && pgUrl !== '') {
    targets.push(postgresTarget(pgUrl));
  }
  console.log(
    `POST /v1/moderate, 200-character texts (${Number(values['harmful-share']) * 100}% harmful), ` +
      `${values.connections} connections, ${values.duration} s, logging on`,
  );
  if (!targets.some((t) => t.name === 'postgres')) console.log('(PostgreSQL skipped: set BENCH_PG_URL to include it)');
  for (const target of targets) {
    const { result, logFile, answered, logged, sideCounts } = await run(target, {
      duration: Number(values.duration),
      connections: Number(values.connections),
      bodies,
      profileDir: values.profile,
      sideLoad: values['side-load'] === true ? sideLoad : undefined,
    });
    console.log(
      `${target.name.padEnd(9)} ${Math.round(result.requests.average)} req/s  p50 ${result.latency.p50} ms  ` +
        `p99 ${result.latency.p99} ms  (${result['2xx']} ok, ${result.non2xx} non-2xx, ${result.errors} errors; ` +
        `decision log ${logged} rows for ${answered} counted answers; access log ${logFile})`,
    );
    if (sideCounts !== undefined)
      console.log(
        `          beside ${sideCounts.batches} batches of 200 × 2,000 characters and ${sideCounts.changes} lexicon changes from another client`,
      );
    // A run that answered errors or lost decisions measured something else: say so and fail.
    if (result.non2xx > 0 || result.errors > 0 || logged < answered) {
      console.log(`${target.name}: FAILED — errors were answered or decisions were lost; see the access log`);
      process.exitCode = 1;
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
