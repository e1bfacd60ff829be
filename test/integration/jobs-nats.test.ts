import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { loadConfig, startServer, type RunningServer } from '../../src/server/index.js';
import {
  createApiKey,
  createTenant,
  enqueueWebhookEvent,
  getSweep,
  listDecisions,
  listSweepResults,
  migrateToLatest,
  openStore,
  type Store,
} from '../../src/store/index.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';
import { consumerCounts, dropNatsStreams, natsUrlOrSkip, uniqueNatsPrefix } from './nats-support.js';

const BIN = fileURLToPath(new URL('../../../bin/qinglang.js', import.meta.url));
const natsUrl = natsUrlOrSkip('background jobs on NATS JetStream');

interface Worker {
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
}

/** Starts `qinglang worker` and resolves once it says it takes jobs. */
async function spawnWorker(env: Readonly<Record<string, string>>): Promise<Worker> {
  const child = spawn(process.execPath, [BIN, 'worker', '--concurrency', '2'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn', MODERATION_WORKERS: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${seen}`)), 60_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk;
      if (seen.includes('is taking jobs')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => reject(new Error(`worker exited with ${code}: ${seen}`)));
  });
  return { process: child, exited };
}

/** Texts of every kind, each with its index so no two are alike. */
function backlogLine(i: number): string {
  const texts = [
    '想賭＊博的私聊我',
    '今天放学一起去图书馆写作业吧',
    '加我V信领红包，不要告诉家长',
    '这道数学题终于做出来了',
  ];
  return JSON.stringify({ ref: `item-${i}`, text: `${texts[i % texts.length]}（${i}）` });
}

if (natsUrl !== undefined) {
  const url = natsUrl;
  // Several worker processes share one database: PostgreSQL when it is there (as in production), SQLite otherwise.
  describeEachDialect('background jobs on NATS JetStream', (dialect) => {
    let database: FreshDatabase;
    let store: Store;
    let env: Record<string, string>;
    const prefix = uniqueNatsPrefix();
    const dir = mkdtempSync(join(tmpdir(), 'qinglang-nats-'));

    before(async () => {
      database = dialect.fresh();
      env = { ...database.env, NATS_URL: url, NATS_PREFIX: prefix };
      store = await openStore({ databaseUrl: database.databaseUrl, databaseSchema: database.databaseSchema });
      await migrateToLatest(store.db);
      await createTenant(store.db, { id: 'acme' }, Date.now());
    });
    after(async () => {
      await store.close();
      await database.drop();
      await dropNatsStreams(url, prefix);
      rmSync(dir, { recursive: true, force: true });
    });

    test('a sweep on 2 workers, one killed with SIGKILL mid-sweep: every item is logged and in the results exactly once', async () => {
      const count = 3000;
      const input = join(dir, 'backlog.jsonl');
      writeFileSync(input, Array.from({ length: count }, (_, i) => backlogLine(i)).join('\n'));
      const workers = [await spawnWorker(env), await spawnWorker(env)];
      try {
        const submit = spawn(process.execPath, [BIN, 'sweep', input, '--tenant', 'acme', '--no-wait'], {
          env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let id = '';
        submit.stdout.setEncoding('utf8').on('data', (chunk: string) => (id += chunk));
        assert.equal(await new Promise((resolve) => submit.once('exit', resolve)), 0);
        id = id.trim();
        assert.match(id, /^[a-z2-9]{12}$/);

        let doneAtKill = 0;
        for (let i = 0; i < 1200; i++) {
          doneAtKill = (await getSweep(store.db, id))?.done ?? 0;
          if (doneAtKill >= count / 4) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.ok(doneAtKill >= count / 4, `the workers moderated ${doneAtKill} items in a minute`);
        workers[0]!.process.kill('SIGKILL');
        assert.equal(await workers[0]!.exited, null, 'killed, not stopped');

        let sweep = await getSweep(store.db, id);
        assert.ok(sweep !== undefined && sweep.done < count, 'the sweep was not finished when the worker died');
        // The killed worker's chunks come back after the ack wait (15 s) and the other worker finishes them.
        for (let i = 0; i < 1800 && sweep?.status !== 'done'; i++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          sweep = await getSweep(store.db, id);
        }
        assert.equal(sweep?.status, 'done');
        assert.equal(sweep.done, count);

        const results = await listSweepResults(store.db, id, { afterIndex: -1, limit: count * 2 });
        assert.deepEqual(
          results.map((r) => r.index),
          Array.from({ length: count }, (_, i) => i),
          'every item once, in order',
        );
        assert.equal(new Set(results.map((r) => (JSON.parse(r.line) as { ref: string }).ref)).size, count);
        const logged = await listDecisions(store.db, { tenantId: 'acme', requestId: `sweep:${id}`, limit: count * 2 });
        assert.equal(logged.length, count, 'one decision per item, none twice');
        assert.equal(new Set(logged.map((d) => d.itemIndex)).size, count);
        assert.equal(logged.filter((d) => d.flagged).length, sweep.flagged, 'the flagged counter counts each once');
      } finally {
        for (const w of workers) w.process.kill('SIGTERM');
        assert.equal(await workers[1]!.exited, 0, 'SIGTERM stops the surviving worker gracefully');
      }
    });

    test('a webhook event is delivered through JetStream: the wake-up is a job another process can take', async () => {
      const received: string[] = [];
      const receiver = createServer((req, res) => {
        let body = '';
        req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        req.on('end', () => {
          received.push(body);
          res.end('ok');
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      let server: RunningServer | undefined;
      try {
        const config = loadConfig({
          ...env,
          PORT: '0',
          LOG_LEVEL: 'silent',
          // No poll in the test's time: only the job can make the delivery happen.
          WEBHOOK_POLL_SECONDS: '3600',
          WEBHOOK_ALLOW_LOOPBACK: 'true',
        });
        server = await startServer(config, { log: pino({ level: 'silent' }) });
        assert.equal(server.deps.jobs.kind, 'jetstream');
        const health = await server.deps.jobs.health();
        assert.equal(health.ok, true);
        assert.match(health.detail, new RegExp(`^stream ${prefix}_jobs: \\d+ jobs waiting$`));
        const admin = (await createApiKey(store.db, { tenantId: 'acme', scopes: ['admin'] }, Date.now())).token;
        const port = (receiver.address() as AddressInfo).port;
        const created = await fetch(`${server.url}/v1/webhooks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook`, eventTypes: ['test.ping'] }),
        });
        assert.equal(created.status, 201);
        const before = await consumerCounts(url, prefix, 'webhooks');
        await store.db.transaction().execute(async (trx) => {
          assert.equal(await enqueueWebhookEvent(trx, 'acme', 'test.ping', { hello: '世界' }, Date.now()), 1);
        });
        server.deps.webhooks.wake();
        for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
        assert.equal(received.length, 1, 'delivered within 10 s, with the poll an hour away');
        assert.deepEqual((JSON.parse(received[0]!) as { data: unknown }).data, { hello: '世界' });
        const counts = await consumerCounts(url, prefix, 'webhooks');
        assert.ok(counts.delivered > before.delivered, 'the wake-up went through the webhooks consumer');
        for (let i = 0; i < 100 && counts.acked < counts.delivered; i++) await new Promise((r) => setTimeout(r, 50));
        const settled = await consumerCounts(url, prefix, 'webhooks');
        assert.equal(settled.acked, settled.delivered, 'and was acked');
      } finally {
        await server?.close();
        await new Promise((resolve) => receiver.close(resolve));
      }
    });
  });
} else {
  void describe('background jobs on NATS JetStream', () => {});
}
