import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { MODEL_THRESHOLDS } from '../../src/engine/index.js';
import { isAppError } from '../../src/lib/index.js';
import { createSchemas, loadConfig, startServer, type RunningServer } from '../../src/server/index.js';
import {
  LOGGED_SCORE_FLOOR,
  createApiKey,
  createTenant,
  getTenant,
  listDecisions,
  type Scope,
} from '../../src/store/index.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';

const schemas = createSchemas({ maxTextLength: 20_000 });
const ABUSE = '这种人就该滚回他们老家，别在这丢人现眼';
const FRAUD = '宝妈在家就能做，手机点赞一单3元，日结不压款';
const NEWS = '警方提醒：刷单返利都是诈骗';

interface Signal {
  readonly category: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly weight: number;
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const errorOf = (answer: Answer) =>
  answer.body['error'] as { code: string; details: { path?: string; message: string }[] } | undefined;

const configFor = (database: FreshDatabase, env: Record<string, string> = {}) =>
  loadConfig({ ...database.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env });

describeEachDialect('HTTP API with the model stage', (dialect) => {
  let database: FreshDatabase;
  let server: RunningServer;
  const now = Date.parse('2026-12-07T02:00:00Z');
  const keys: Record<string, string> = {};

  const call = async (path: string, key: string, body?: unknown, method?: string): Promise<Answer> => {
    const response = await fetch(`${server.url}${path}`, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const makeKey = async (name: string, tenantId: string, scopes: Scope[]): Promise<void> => {
    keys[name] = (await createApiKey(server.deps.store.db, { tenantId, scopes, name }, now)).token;
  };

  before(async () => {
    database = dialect.fresh();
    server = await startServer(configFor(database), { log: pino({ level: 'silent' }), clock: () => now });
    await createTenant(server.deps.store.db, { id: 'acme' }, now);
    await createTenant(server.deps.store.db, { id: 'keeps', storeText: true }, now);
    await makeKey('acme', 'acme', ['moderate', 'admin', 'review']);
    await makeKey('keeps', 'keeps', ['moderate', 'review']);
  });
  after(async () => {
    await server.close();
    await database.drop();
  });

  test('a moderation answer carries every score and the signals behind a finding, as OpenAPI documents', async () => {
    const answer = await call('/v1/moderate', keys['acme']!, { text: ABUSE, ageBand: 'age_12_16' });
    assert.equal(answer.status, 200);
    assert.deepEqual(schemas.moderateResponse.parse(answer.body), answer.body, 'the answer is what OpenAPI documents');
    assert.equal(answer.body['flagged'], true);
    assert.deepEqual(answer.body['matches'], [], 'no lexicon word: the model alone found it');
    assert.ok((answer.body['categories'] as string[]).includes('abuse'));
    const scores = answer.body['scores'] as Record<string, number>;
    assert.deepEqual(
      Object.keys(scores).sort(),
      [...(server.deps.engines.defaultEngine.model?.meta.categories ?? [])].sort(),
      'a score for every category the model knows',
    );
    assert.ok(Object.values(scores).every((p) => p >= 0 && p <= 1));
    assert.ok(scores['abuse']! >= MODEL_THRESHOLDS.age_12_16.flag, `abuse scored ${scores['abuse']}`);
    const signals = answer.body['signals'] as Signal[];
    const abuse = signals.filter((s) => s.category === 'abuse');
    assert.ok(abuse.length > 0, JSON.stringify(signals));
    for (const s of signals) assert.equal(ABUSE.slice(s.start, s.end), s.text, 'offsets point into the text as sent');

    const news = await call('/v1/moderate', keys['acme']!, { text: NEWS });
    assert.equal(news.body['flagged'], false, 'a police warning that names the scam is not flagged');
    assert.deepEqual(news.body['signals'], []);
  });

  test('a batch answers scores and signals for every item', async () => {
    const answer = await call('/v1/moderate/batch', keys['acme']!, { items: [{ text: FRAUD }, { text: NEWS }] });
    assert.equal(answer.status, 200);
    assert.deepEqual(schemas.batchResponse.parse(answer.body), answer.body, 'the answer is what OpenAPI documents');
    const [fraud, news] = answer.body['results'] as { flagged: boolean; scores: object; signals: Signal[] }[];
    assert.equal(fraud?.flagged, true);
    assert.ok(fraud?.signals.some((s) => s.category === 'fraud' && FRAUD.slice(s.start, s.end) === s.text));
    assert.equal(news?.flagged, false);
    assert.ok(news !== undefined && Object.keys(news.scores).length > 0);
  });

  test('the decision log keeps the scores that matter and the signals, their text only for tenants that keep text', async () => {
    const plain = await call('/v1/moderate', keys['acme']!, { text: FRAUD });
    const [row] = await listDecisions(server.deps.store.db, {
      tenantId: 'acme',
      requestId: plain.body['requestId'] as string,
    });
    const answered = plain.body['scores'] as Record<string, number>;
    assert.ok(row?.scores !== null && row?.scores !== undefined);
    assert.equal(row.scores['fraud'], answered['fraud'], 'the score as answered');
    for (const [category, p] of Object.entries(answered)) {
      const matters: boolean = p >= LOGGED_SCORE_FLOOR || row.categories.includes(category);
      assert.equal(category in row.scores, matters, `${category} ${p}: kept only when it matters`);
    }
    assert.ok(Object.keys(row.scores).length < Object.keys(answered).length, 'small scores are left out');
    const answeredSignals = plain.body['signals'] as Signal[];
    assert.deepEqual(
      row.signals,
      answeredSignals.map(({ category, start, end, weight }) => ({ category, start, end, weight })),
      'signals without their text: the tenant does not keep text',
    );

    const kept = await call('/v1/moderate', keys['keeps']!, { text: FRAUD });
    const [keptRow] = await listDecisions(server.deps.store.db, {
      tenantId: 'keeps',
      requestId: kept.body['requestId'] as string,
    });
    assert.deepEqual(
      keptRow?.signals?.map((s) => s.text),
      (kept.body['signals'] as Signal[]).map((s) => s.text),
    );

    const viaApi = await call(`/v1/decisions?requestId=${plain.body['requestId'] as string}`, keys['acme']!);
    assert.deepEqual(schemas.decisionList.parse(viaApi.body), viaApi.body, 'the answer is what OpenAPI documents');
    const [listed] = viaApi.body['decisions'] as { scores: Record<string, number>; signals: unknown[] }[];
    assert.deepEqual(listed?.scores, row.scores);
    assert.deepEqual(listed?.signals, row.signals);
  });

  test("a tenant's modelThreshold flags a score the band's default does not, and only tightens", async () => {
    const key = keys['acme']!;
    // A text the model gives some weight to without flagging it: the first of these that qualifies.
    const candidates = ['今天天气很好', '我们明天去爬山吧', '这家店的菜一般般', '周末一起打游戏', '这个老师讲得太快了'];
    let chosen: { text: string; category: string; score: number } | undefined;
    for (const text of candidates) {
      const answer = await call('/v1/moderate', key, { text });
      const scores = answer.body['scores'] as Record<string, number>;
      const [category, score] = Object.entries(scores).sort((a, b) => b[1] - a[1])[0]!;
      if (answer.body['flagged'] === false && score >= 0.1) {
        chosen = { text, category, score };
        break;
      }
    }
    assert.ok(chosen !== undefined, 'one candidate scores at least 0.1 somewhere without being flagged');
    const threshold = Math.floor(chosen.score * 0.9 * 1000) / 1000;

    const set = await call('/v1/tenant', key, { modelThreshold: threshold }, 'PATCH');
    assert.equal(set.status, 200);
    assert.equal(set.body['modelThreshold'], threshold);
    assert.deepEqual(schemas.tenant.parse(set.body), set.body);
    assert.equal((await getTenant(server.deps.store.db, 'acme'))?.modelThreshold, threshold, 'stored exactly');
    const tightened = await call('/v1/moderate', key, { text: chosen.text });
    assert.equal(tightened.body['flagged'], true, `${chosen.category} ${chosen.score} ≥ ${threshold} flags`);
    assert.ok((tightened.body['categories'] as string[]).includes(chosen.category));
    assert.ok((tightened.body['signals'] as Signal[]).some((s) => s.category === chosen.category));
    const other = await call('/v1/moderate', keys['keeps']!, { text: chosen.text });
    assert.equal(other.body['flagged'], false, "another tenant keeps the band's default");

    await call('/v1/tenant', key, { modelThreshold: 0.99 }, 'PATCH');
    const loose = await call('/v1/moderate', key, { text: chosen.text });
    assert.equal(loose.body['flagged'], false, 'a looser threshold than the default changes nothing');
    const strong = await call('/v1/moderate', key, { text: ABUSE });
    assert.equal(strong.body['flagged'], true, 'and flags what the default flags');

    const cleared = await call('/v1/tenant', key, { modelThreshold: null }, 'PATCH');
    assert.equal(cleared.body['modelThreshold'], null);
    assert.equal((await call('/v1/tenant', key)).body['modelThreshold'], null);
    assert.equal((await call('/v1/moderate', key, { text: chosen.text })).body['flagged'], false);
  });

  test('a gambling invitation is not labelled sexual (a model score below its flag threshold makes no finding)', async () => {
    const answer = await call('/v1/moderate', keys['acme']!, { text: '想賭＊博的私聊我' });
    assert.deepEqual(answer.body['categories'], ['gambling', 'contact_offplatform']);
  });

  test('short everyday messages are allowed (the bias is capped at the prior, so few n-grams mean a low score)', async () => {
    const texts = ['今天天气很好', '你好', '谢谢', '加油', '生日快乐', '妈妈我回来了', '下课了'];
    const answer = await call('/v1/moderate/batch', keys['acme']!, { items: texts.map((text) => ({ text })) });
    const actions = (answer.body['results'] as { action: string }[]).map((r) => r.action);
    assert.deepEqual(
      actions,
      texts.map(() => 'allow'),
    );
  });

  test('a threshold that is not a probability above 0 and at most 1 is refused with its path', async () => {
    for (const bad of [0, -0.2, 1.5, '0.3', true]) {
      const answer = await call('/v1/tenant', keys['acme']!, { modelThreshold: bad }, 'PATCH');
      assert.equal(answer.status, 400, `${JSON.stringify(bad)} refused`);
      assert.equal(errorOf(answer)?.code, 'validation_failed');
      assert.deepEqual(
        errorOf(answer)?.details.map((d) => d.path),
        ['modelThreshold'],
      );
    }
    assert.equal((await getTenant(server.deps.store.db, 'acme'))?.modelThreshold, null, 'nothing was stored');
  });

  test('the OpenAPI document describes scores, signals and the tenant threshold', async () => {
    const doc = (await (await fetch(`${server.url}/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
    };
    const schemaOf = (path: string, method: string, where: 'response' | 'request') => {
      const op = doc.paths[path]?.[method];
      const content =
        where === 'request'
          ? (op?.requestBody as { content: Record<string, { schema: unknown }> })
          : (op?.responses['200'] as { content: Record<string, { schema: unknown }> });
      return content.content['application/json']?.schema as { properties: Record<string, Record<string, unknown>> };
    };
    const moderate = schemaOf('/v1/moderate', 'post', 'response').properties;
    assert.equal(moderate['scores']?.['type'], 'object');
    assert.match(String(moderate['scores']?.['description']), /probability/);
    const signal = (moderate['signals']?.['items'] as { properties: Record<string, unknown> }).properties;
    assert.deepEqual(Object.keys(signal).sort(), ['category', 'end', 'start', 'text', 'weight']);
    const batch = schemaOf('/v1/moderate/batch', 'post', 'response').properties;
    const item = (batch['results']?.['items'] as { properties: Record<string, unknown> }).properties;
    assert.ok(item['scores'] !== undefined && item['signals'] !== undefined);
    assert.ok(schemaOf('/v1/tenant', 'patch', 'request').properties['modelThreshold'] !== undefined);
    assert.ok(schemaOf('/v1/decisions', 'get', 'response').properties['decisions'] !== undefined);
  });
});

describeEachDialect('MODEL_FILE', (dialect) => {
  let database: FreshDatabase;
  let dir: string;
  before(() => {
    database = dialect.fresh();
    dir = mkdtempSync(join(tmpdir(), 'qinglang-model-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  });

  test('none runs the service on words alone: no scores or signals, and null in the log', async () => {
    const server = await startServer(configFor(database, { MODEL_FILE: 'none' }), { log: pino({ level: 'silent' }) });
    try {
      assert.equal(server.deps.engines.defaultEngine.model, undefined);
      await createTenant(server.deps.store.db, { id: 'plain' }, Date.now());
      const { token } = await createApiKey(server.deps.store.db, { tenantId: 'plain', scopes: ['moderate'] }, 0);
      const response = await fetch(`${server.url}/v1/moderate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: ABUSE }),
      });
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(response.status, 200);
      assert.equal('scores' in body, false);
      assert.equal('signals' in body, false);
      assert.equal(body['flagged'], false, 'without the model nothing in this text is found');
      const [row] = await listDecisions(server.deps.store.db, { tenantId: 'plain' });
      assert.equal(row?.scores, null);
      assert.equal(row?.signals, null);
    } finally {
      await server.close();
    }
  });

  test('a missing or damaged model file stops start-up with a message naming MODEL_FILE', async () => {
    const missing = join(dir, 'missing.model');
    const damaged = join(dir, 'damaged.model');
    writeFileSync(damaged, 'not a model at all');
    const cases = [
      { file: missing, code: 'config_invalid', says: /no such file/ },
      { file: damaged, code: 'model_invalid', says: /QLM2/ },
    ];
    for (const c of cases) {
      await assert.rejects(
        startServer(configFor(database, { MODEL_FILE: c.file }), { log: pino({ level: 'silent' }) }),
        (error) => {
          assert.ok(isAppError(error));
          assert.equal(error.code, c.code);
          assert.match(error.message, /MODEL_FILE/);
          assert.match(error.message, c.says);
          assert.ok(error.message.includes(c.file), 'the file is named');
          assert.match(error.message, /MODEL_FILE=none/, 'and how to run without it');
          return true;
        },
      );
    }
  });
});
