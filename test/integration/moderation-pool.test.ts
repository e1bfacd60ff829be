import assert from 'node:assert/strict';
import { get } from 'node:http';
import { after, before, test } from 'node:test';
import { compileEngine, loadLexicon, loadModel, parseLexicon, type LexiconSource } from 'qinglang';
import { loadDefaultLexiconSources } from '../../src/store/index.js';
import { createLogger } from '../../src/server/index.js';
import { createModerationPool } from '../../src/server/moderation-pool.js';
import { POOL_MIN_UNITS } from '../../src/server/engine-registry.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';
import { freshTenantDatabase, spawnServer } from './spawn-server.js';

// Ordinary posts with harmful ones among them, some disguised: what a platform's backlog looks like.
const TEXTS = [
  '今天放学以后我们一起去图书馆写作业吧',
  '宝妈在家就能做，手机点赞一单3元，日结不压款',
  '想賭＊博的私聊我，加我V信聊聊',
  '这种人就该滚回他们老家，别在这丢人现眼',
  '警方提醒：刷单返利都是诈骗',
  '周末和爸爸妈妈去博物馆看了恐龙化石',
  '来玩星河兑换券吧，稳赚不赔',
  '割腕的方法谁知道',
];

test('the pool judges texts exactly as the engine on the event loop does, tenant lexicon included', async () => {
  const model = await loadModel();
  const defaultSources = await loadDefaultLexiconSources();
  const tenant: LexiconSource = { name: 'tenant', text: '@category gambling\n星河兑换券 high\n' };
  const pool = createModerationPool({ size: 2, defaultSources, model, log: createLogger('silent') });
  try {
    const items = TEXTS.flatMap((text) =>
      (['age_8_12', 'age_12_16', 'adult'] as const).map((ageBand) => ({ text, options: { ageBand } })),
    );
    const inlineDefault = compileEngine(await loadLexicon(), { model });
    const inlineTenant = compileEngine(parseLexicon([...defaultSources, tenant]), { model });
    const fromPool = await pool.moderate({ id: 'acme', version: 0, source: null }, items);
    assert.deepEqual(
      fromPool,
      items.map((item) => inlineDefault.moderate(item.text, item.options)),
    );
    const tenantVerdicts = await pool.moderate({ id: 'acme', version: 3, source: tenant }, items);
    assert.deepEqual(
      tenantVerdicts,
      items.map((item) => inlineTenant.moderate(item.text, item.options)),
    );
    assert.ok(
      tenantVerdicts.some((v) => v.matches.some((m) => m.term === '星河兑换券')),
      'the tenant term is found',
    );
  } finally {
    await pool.close();
  }
});

/**
 * GET /healthz on a connection of its own: a kept-alive socket that the server closes as idle the moment its event loop
 * is free again would fail the next call for a reason that is not the one measured here.
 */
function healthStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${url}/healthz`, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    }).on('error', reject);
  });
}

describeEachDialect('a large batch is judged off the event loop', (dialect) => {
  let database: FreshDatabase;
  let token: string;
  before(async () => {
    ({ database, token } = await freshTenantDatabase(dialect, 'acme', 'moderate'));
  });
  after(() => database?.drop());

  /**
   * Sends one large batch and, while it is out, a health check every 25 ms; returns how long the batch took and the
   * slowest health check. On the event loop a health check waits for the whole batch; in the pool it does not.
   */
  async function batchBesideHealthChecks(workers: string): Promise<{ batchMs: number; slowestHealthMs: number }> {
    const server = await spawnServer({
      ...database.env,
      MODERATION_WORKERS: workers,
      BODY_LIMIT_BYTES: String(16 * 1024 * 1024),
    });
    try {
      // 1,000 texts of 2,000 characters (the most a batch holds, 6 MB): seconds of engine time.
      const long = (i: number): string => {
        let text = '';
        while (text.length < 2000) text += TEXTS[(i + text.length) % TEXTS.length]! + '，';
        return text.slice(0, 2000);
      };
      const items = Array.from({ length: 1000 }, (_, i) => ({ text: long(i) }));
      assert.ok(items.length * 2000 >= POOL_MIN_UNITS);
      // The pool starts its worker on the first large batch: a small one first, so the measured one finds it running.
      await fetch(`${server.url}/v1/moderate/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ items: items.slice(0, 20) }),
      });
      const started = performance.now();
      let done = false;
      const batch = fetch(`${server.url}/v1/moderate/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ items }),
      }).then(async (response) => {
        const body = (await response.json()) as { results: { flagged: boolean }[] };
        done = true;
        return { status: response.status, body, ms: performance.now() - started };
      });
      let slowestHealthMs = 0;
      while (!done) {
        const sent = performance.now();
        assert.equal(await healthStatus(server.url), 200);
        slowestHealthMs = Math.max(slowestHealthMs, performance.now() - sent);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const answer = await batch;
      assert.equal(answer.status, 200);
      assert.equal(answer.body.results.length, items.length);
      assert.ok(
        answer.body.results.every((r) => r.flagged),
        'every long text holds harmful lines and is flagged',
      );
      return { batchMs: answer.ms, slowestHealthMs };
    } finally {
      server.process.kill('SIGTERM');
      await server.exited;
    }
  }

  test('health checks sent while a large batch is judged are answered at once, not after the batch', async () => {
    // Compared with the batch's own duration on the same machine in the same run, never with a fixed number of ms.
    const pooled = await batchBesideHealthChecks('1');
    assert.ok(
      pooled.slowestHealthMs < pooled.batchMs / 4,
      `with a worker, the slowest health check took ${Math.round(pooled.slowestHealthMs)} ms of the batch's ${Math.round(pooled.batchMs)} ms`,
    );
    const inline = await batchBesideHealthChecks('0');
    assert.ok(
      inline.slowestHealthMs > inline.batchMs / 4,
      `without workers, a health check waited ${Math.round(inline.slowestHealthMs)} ms of the batch's ${Math.round(inline.batchMs)} ms (the comparison this test rests on)`,
    );
  });
});
