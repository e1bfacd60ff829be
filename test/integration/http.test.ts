import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { createSchemas, loadConfig, startServer, type RunningServer } from '../../src/server/index.js';
import {
  changeTenantLexicon,
  createApiKey,
  createTenant,
  listDecisions,
  migrateToLatest,
  openStore,
  toDecisionRow,
  type Scope,
} from '../../src/store/index.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';

const BODY_LIMIT = 64 * 1024;
const MAX_TEXT = 2000;
const schemas = createSchemas({ maxTextLength: MAX_TEXT });
/** Everyday talk that neither the lexicon nor the model flags. */
const EVERYDAY = '今天天气不错，我们下午去公园散步吧';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

function errorCode(answer: Answer): unknown {
  return (answer.body['error'] as { code?: unknown } | undefined)?.code;
}

describeEachDialect('HTTP API', (dialect) => {
  let database: FreshDatabase;
  let server: RunningServer;
  const now = Date.parse('2026-03-02T02:00:00Z');
  const keys: Record<string, string> = {};

  const call = async (
    path: string,
    options: {
      method?: string;
      key?: string;
      body?: unknown;
      raw?: string | Uint8Array;
      /** Send `raw` chunked, without a Content-Length. */
      chunked?: boolean;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.key !== undefined) headers['authorization'] = `Bearer ${options.key}`;
    if (options.chunked === true) return callChunked(path, headers, options.raw ?? '');
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(`${server.url}${path}`, {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: type.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : { text },
    };
  };

  // fetch gives up on a request whose upload the server cut short, so the chunked case speaks HTTP/1.1 itself.
  const callChunked = (path: string, headers: Record<string, string>, raw: string | Uint8Array): Promise<Answer> => {
    const url = new URL(path, server.url);
    const bytes = typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw);
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { ...headers, 'transfer-encoding': 'chunked' },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: new Headers(response.headers as Record<string, string>),
              body: JSON.parse(text) as Record<string, unknown>,
            }),
          );
        },
      );
      request.on('error', reject);
      for (let i = 0; i < bytes.length; i += 16_384) request.write(bytes.subarray(i, i + 16_384));
      request.end();
    });
  };

  const makeKey = async (name: string, tenantId: string, scopes: Scope[], rateLimit?: number): Promise<void> => {
    const created = await createApiKey(server.deps.store.db, { tenantId, scopes, name, rateLimit }, now);
    keys[name] = created.token;
  };

  before(async () => {
    database = dialect.fresh();
    const config = loadConfig({
      ...database.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      BODY_LIMIT_BYTES: String(BODY_LIMIT),
      MAX_TEXT_LENGTH: String(MAX_TEXT),
      RATE_LIMIT_PER_SECOND: '100000',
      LEXICON_POLL_SECONDS: '1',
    });
    // A database that already holds one decision past the default retention and one within it.
    const seed = await openStore({ databaseUrl: database.databaseUrl, databaseSchema: database.databaseSchema });
    try {
      await migrateToLatest(seed.db);
      const old = (requestId: string, ageDays: number) =>
        toDecisionRow({
          tenantId: 'acme',
          keyId: null,
          requestId,
          itemIndex: null,
          text: 'x',
          ageBand: 'adult',
          verdict: { action: 'allow', flagged: false, categories: [], matches: [] },
          lexiconVersion: 0,
          storeText: false,
          now: now - ageDays * 86_400_000,
        });
      await seed.decisions.append([old('seed-40d', 40), old('seed-10d', 10)]);
    } finally {
      await seed.close();
    }
    server = await startServer(config, { log: pino({ level: 'silent' }), clock: () => now });
    await createTenant(server.deps.store.db, { id: 'acme' }, now);
    await createTenant(server.deps.store.db, { id: 'beta' }, now);
    await makeKey('moderate', 'acme', ['moderate']);
    await makeKey('admin', 'acme', ['admin', 'review']);
    await makeKey('review', 'acme', ['review']);
    await makeKey('revoked', 'acme', ['moderate']);
    await makeKey('slow', 'acme', ['moderate'], 2);
    await makeKey('beta', 'beta', ['moderate', 'admin']);
  });
  after(async () => {
    await server.close();
    await database.drop();
  });

  test('decisions past retention are purged when the server starts', async () => {
    const deadline = Date.now() + 5000;
    while (
      (await listDecisions(server.deps.store.db, { tenantId: 'acme', requestId: 'seed-40d' })).length > 0 &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal((await listDecisions(server.deps.store.db, { tenantId: 'acme', requestId: 'seed-40d' })).length, 0);
    assert.equal((await listDecisions(server.deps.store.db, { tenantId: 'acme', requestId: 'seed-10d' })).length, 1);
  });

  test('a moderation call answers the verdict with its lexicon version and is in the decision log', async () => {
    const answer = await call('/v1/moderate', {
      key: keys['moderate']!,
      body: { text: '想賭＊博的私聊我', ageBand: 'age_12_16', surface: 'comment', userRef: 'u-7', contentRef: 'c-9' },
      headers: { 'x-request-id': 'it-req-1' },
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(schemas.moderateResponse.parse(answer.body), answer.body, 'the answer is what OpenAPI documents');
    assert.equal(answer.headers.get('x-request-id'), 'it-req-1');
    assert.equal(answer.body['requestId'], 'it-req-1');
    assert.equal(answer.body['action'], 'block');
    assert.equal(answer.body['flagged'], true);
    assert.equal(answer.body['lexiconVersion'], 0);
    const match = (answer.body['matches'] as { text: string; category: string; via: string[] }[])[0];
    assert.equal(match?.text, '賭＊博');
    assert.equal(match?.category, 'gambling');
    const [logged] = await listDecisions(server.deps.store.db, { tenantId: 'acme', requestId: 'it-req-1' });
    assert.equal(logged?.action, 'block');
    assert.equal(logged?.userRef, 'u-7');
    assert.equal(logged?.contentRef, 'c-9');
    assert.equal(logged?.surface, 'comment');
    assert.equal(logged?.text, null, 'no raw text by default');
    const generated = await call('/v1/moderate', { key: keys['moderate']!, body: { text: EVERYDAY } });
    assert.equal(generated.body['action'], 'allow');
    assert.match(generated.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  test('a batch answers one verdict per item, in order, and logs each item', async () => {
    const answer = await call('/v1/moderate/batch', {
      key: keys['moderate']!,
      body: { items: [{ text: EVERYDAY }, { text: '赌博网站' }, { text: '卖毒品', ageBand: 'adult' }] },
      headers: { 'x-request-id': 'it-batch-1' },
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(schemas.batchResponse.parse(answer.body), answer.body, 'the answer is what OpenAPI documents');
    const results = answer.body['results'] as { action: string }[];
    assert.deepEqual(
      results.map((r) => r.action),
      ['allow', 'block', 'block'],
    );
    const logged = await listDecisions(server.deps.store.db, { tenantId: 'acme', requestId: 'it-batch-1' });
    assert.deepEqual(logged.map((d) => d.itemIndex).sort(), [0, 1, 2]);
    const tooMany = await call('/v1/moderate/batch', {
      key: keys['moderate']!,
      body: { items: Array.from({ length: 1001 }, () => ({ text: 'a' })) },
    });
    assert.equal(errorCode(tooMany), 'validation_failed');
  });

  test('bad input gets a coded error, is not logged, and leaves the service working', async () => {
    const before = (await listDecisions(server.deps.store.db, { tenantId: 'acme', limit: 500 })).length;
    const good = keys['moderate']!;
    const cases: { name: string; status: number; code: string; send: () => Promise<Answer> }[] = [
      {
        name: 'oversized body',
        status: 413,
        code: 'payload_too_large',
        send: () => call('/v1/moderate', { key: good, body: { text: '字'.repeat(BODY_LIMIT) } }),
      },
      {
        name: 'oversized chunked body',
        status: 413,
        code: 'payload_too_large',
        send: () =>
          call('/v1/moderate', { key: good, chunked: true, raw: JSON.stringify({ text: '字'.repeat(BODY_LIMIT) }) }),
      },
      {
        name: 'malformed JSON',
        status: 400,
        code: 'malformed_json',
        send: () => call('/v1/moderate', { key: good, raw: '{"text": "abc"' }),
      },
      {
        name: 'invalid UTF-8',
        status: 400,
        code: 'malformed_json',
        send: () =>
          call('/v1/moderate', { key: good, raw: new Uint8Array([0x7b, 0x22, 0x74, 0xff, 0xfe, 0x22, 0x7d]) }),
      },
      {
        name: 'empty body',
        status: 400,
        code: 'malformed_json',
        send: () => call('/v1/moderate', { key: good, raw: '' }),
      },
      {
        name: 'wrong type',
        status: 400,
        code: 'validation_failed',
        send: () => call('/v1/moderate', { key: good, body: { text: 42 } }),
      },
      {
        name: 'missing text',
        status: 400,
        code: 'validation_failed',
        send: () => call('/v1/moderate', { key: good, body: { ageBand: 'adult' } }),
      },
      {
        name: 'JSON that is not an object',
        status: 400,
        code: 'validation_failed',
        send: () => call('/v1/moderate', { key: good, body: ['text'] }),
      },
      {
        name: 'unknown field',
        status: 400,
        code: 'validation_failed',
        send: () => call('/v1/moderate', { key: good, body: { text: 'hi', extra: true } }),
      },
      {
        name: 'unknown field in a batch item',
        status: 400,
        code: 'validation_failed',
        send: () => call('/v1/moderate/batch', { key: good, body: { items: [{ text: 'hi', lang: 'zh' }] } }),
      },
      {
        name: 'unknown age band',
        status: 400,
        code: 'validation_failed',
        send: () => call('/v1/moderate', { key: good, body: { text: 'hi', ageBand: 'toddler' } }),
      },
      {
        name: 'lone surrogate',
        status: 400,
        code: 'validation_failed',
        send: () => call('/v1/moderate', { key: good, raw: '{"text": "abc\\ud800def"}' }),
      },
      {
        name: 'text too long',
        status: 400,
        code: 'validation_failed',
        send: () => call('/v1/moderate', { key: good, body: { text: 'a'.repeat(MAX_TEXT + 1) } }),
      },
      {
        name: 'missing key',
        status: 401,
        code: 'unauthenticated',
        send: () => call('/v1/moderate', { body: { text: 'hi' } }),
      },
      {
        name: 'invalid key',
        status: 401,
        code: 'unauthenticated',
        send: () => call('/v1/moderate', { key: 'qlk_aaaaaaaaaaaa_' + 'A'.repeat(43), body: { text: 'hi' } }),
      },
      {
        name: 'not a key at all',
        status: 401,
        code: 'unauthenticated',
        send: () => call('/v1/moderate', { key: 'letmein', body: { text: 'hi' } }),
      },
      {
        name: 'wrong scope',
        status: 403,
        code: 'forbidden',
        send: () => call('/v1/moderate', { key: keys['review']!, body: { text: 'hi' } }),
      },
      {
        name: 'moderate key on an admin route',
        status: 403,
        code: 'forbidden',
        send: () => call('/v1/keys', { key: good }),
      },
      { name: 'unknown route', status: 404, code: 'not_found', send: () => call('/v1/nothing', { key: good }) },
    ];
    for (const c of cases) {
      const answer = await c.send();
      assert.equal(answer.status, c.status, `${c.name}: status`);
      assert.equal(errorCode(answer), c.code, `${c.name}: code`);
      assert.equal(typeof (answer.body['error'] as { message?: unknown }).message, 'string', `${c.name}: message`);
      assert.ok(Array.isArray((answer.body['error'] as { details?: unknown }).details), `${c.name}: details`);
    }
    const unknown = await call('/v1/moderate', { key: good, body: { text: 'hi', extra: true } });
    const detail = (unknown.body['error'] as { details: { message: string }[] }).details[0];
    assert.match(detail?.message ?? '', /extra/, 'the detail names the unknown field');

    const after = await call('/v1/moderate', { key: good, body: { text: '赌博网站' } });
    assert.equal(after.status, 200, 'the service still answers');
    const logged = (await listDecisions(server.deps.store.db, { tenantId: 'acme', limit: 500 })).length;
    assert.equal(logged, before + 1, 'only the good call was logged');
  });

  test('a revoked key is refused at once', async () => {
    const key = keys['revoked']!;
    assert.equal((await call('/v1/moderate', { key, body: { text: 'hi' } })).status, 200);
    const listed = await call('/v1/keys', { key: keys['admin']! });
    const id = (listed.body['keys'] as { id: string; name: string }[]).find((k) => k.name === 'revoked')?.id;
    assert.ok(id);
    assert.ok(!JSON.stringify(listed.body).includes(key.slice(-20)), 'listing never shows secrets');
    const revoked = await call(`/v1/keys/${id}`, { method: 'DELETE', key: keys['admin']! });
    assert.equal(revoked.status, 200);
    assert.equal(typeof revoked.body['revokedAt'], 'string');
    const refused = await call('/v1/moderate', { key, body: { text: 'hi' } });
    assert.equal(refused.status, 401);
    assert.equal(errorCode(refused), 'unauthenticated');
    assert.match(String((refused.body['error'] as { message: string }).message), /revoked/);
  });

  test('a key over its rate limit gets 429 with Retry-After, and other keys are unaffected', async () => {
    const slow = keys['slow']!;
    assert.equal((await call('/v1/moderate', { key: slow, body: { text: 'a' } })).status, 200);
    assert.equal((await call('/v1/moderate', { key: slow, body: { text: 'b' } })).status, 200);
    const limited = await call('/v1/moderate', { key: slow, body: { text: 'c' } });
    assert.equal(limited.status, 429);
    assert.equal(errorCode(limited), 'rate_limited');
    assert.equal(limited.headers.get('retry-after'), '1');
    assert.equal((await call('/v1/moderate', { key: keys['moderate']!, body: { text: 'd' } })).status, 200);
    // Limits count on the real clock: past the second it named, the key may call again.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal((await call('/v1/moderate', { key: slow, body: { text: 'e' } })).status, 200, 'the window renews');
  });

  test('a lexicon change is swapped in with no failed request, and verdicts name the version', async () => {
    const admin = keys['admin']!;
    const statuses: number[] = [];
    const versions: number[] = [];
    let running = true;
    const load = (async () => {
      while (running) {
        const answer = await call('/v1/moderate', { key: keys['moderate']!, body: { text: '来玩星河兑换券吧' } });
        statuses.push(answer.status);
        versions.push(answer.body['lexiconVersion'] as number);
      }
    })();
    const changed = await call('/v1/lexicon/changes', {
      key: admin,
      body: { add: [{ term: '星河兑换券', category: 'gambling', severity: 'high' }] },
    });
    assert.equal(changed.status, 201);
    assert.equal(changed.body['version'], 1);
    const invalid = await call('/v1/lexicon/changes', {
      key: admin,
      body: { add: [{ term: '星河兑换券', category: 'gambling', severity: 'extreme' }] },
    });
    assert.equal(errorCode(invalid), 'validation_failed');
    let lexicon: Answer;
    const deadline = Date.now() + 20_000;
    do {
      lexicon = await call('/v1/lexicon', { key: admin });
    } while (lexicon.body['activeVersion'] !== 1 && Date.now() < deadline);
    assert.equal(lexicon.body['activeVersion'], 1);
    assert.equal(lexicon.body['version'], 1);
    const withTerm = await call('/v1/moderate', { key: keys['moderate']!, body: { text: '来玩星河兑换券吧' } });
    assert.equal(withTerm.body['lexiconVersion'], 1);
    assert.equal(withTerm.body['flagged'], true, 'version 1 knows the added term');
    const second = await call('/v1/lexicon/changes', { key: admin, body: { allow: ['星河兑换券吧'] } });
    assert.equal(second.body['version'], 2);
    await server.deps.engines.refresh('acme');
    await new Promise((resolve) => setTimeout(resolve, 50));
    running = false;
    await load;
    assert.ok(statuses.length > 0);
    assert.ok(
      statuses.every((s) => s === 200),
      `every request during the swaps succeeded: ${statuses.join(',')}`,
    );
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i]! >= versions[i - 1]!, 'versions never go back');
    const after = await call('/v1/moderate', { key: keys['moderate']!, body: { text: '上星河兑换券看看' } });
    assert.equal(after.body['lexiconVersion'], 2);
    assert.equal(after.body['flagged'], true, 'the added term matches');
    const allowed = await call('/v1/moderate', { key: keys['moderate']!, body: { text: '来玩星河兑换券吧' } });
    assert.equal(allowed.body['flagged'], false, 'the allow term wins');
    const [logged] = await listDecisions(server.deps.store.db, { tenantId: 'acme', limit: 1 });
    assert.equal(logged?.lexiconVersion, 2);
    const other = await call('/v1/moderate', { key: keys['beta']!, body: { text: '上星河兑换券看看' } });
    assert.equal(other.body['lexiconVersion'], 0, 'other tenants keep the default lexicon');
    assert.equal(other.body['flagged'], false, 'and do not see this tenant’s terms');
    const versionsList = await call('/v1/lexicon/versions', { key: admin });
    assert.deepEqual(
      (versionsList.body['versions'] as { version: number }[]).map((v) => v.version),
      [2, 1],
    );
  });

  test('a lexicon change made by another process is picked up by the poll', async () => {
    // The model flags this recruiting line on its own (contact_offplatform), so the lexicon's part is read from matches.
    const hasTerm = (answer: Answer): boolean =>
      (answer.body['matches'] as { term: string }[]).some((m) => m.term === '月光代练群');
    const before = await call('/v1/moderate', { key: keys['beta']!, body: { text: '招人进月光代练群' } });
    assert.equal(hasTerm(before), false, 'the default lexicon does not know the term');
    await changeTenantLexicon(
      server.deps.store.db,
      'beta',
      { add: [{ term: '月光代练群', category: 'fraud', severity: 'high' }] },
      server.deps.engines.defaultSources,
      now,
    );
    const deadline = Date.now() + 10_000;
    let answer: Answer;
    do {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await call('/v1/moderate', { key: keys['beta']!, body: { text: '招人进月光代练群' } });
    } while (answer.body['lexiconVersion'] !== 1 && Date.now() < deadline);
    assert.equal(answer.body['lexiconVersion'], 1);
    assert.equal(hasTerm(answer), true, 'the new version knows it');
    assert.equal(answer.body['flagged'], true);
  });

  test('tenants whose rows render alike share one compiled engine; no rows means the default engine', async () => {
    const db = server.deps.store.db;
    const engines = server.deps.engines;
    const sources = engines.defaultSources;
    for (const id of ['gamma', 'delta']) {
      await createTenant(db, { id }, now);
      await changeTenantLexicon(
        db,
        id,
        { add: [{ term: '跑分卡', category: 'fraud', severity: 'high' }] },
        sources,
        now,
      );
      await engines.refresh(id);
    }
    assert.equal(engines.forTenant('gamma').version, 1);
    assert.equal(engines.forTenant('delta').engine, engines.forTenant('gamma').engine);
    assert.notEqual(engines.forTenant('gamma').engine, engines.defaultEngine);
    await changeTenantLexicon(db, 'gamma', { remove: ['跑分卡'] }, sources, now);
    await engines.refresh('gamma');
    assert.equal(engines.forTenant('gamma').version, 2, 'the version still counts up');
    assert.equal(engines.forTenant('gamma').engine, engines.defaultEngine);
  });

  test('tenant settings: raw text is logged only after the opt-in; unknown fields are refused', async () => {
    const admin = keys['beta']!;
    assert.equal((await call('/v1/tenant', { key: admin })).body['storeText'], false);
    const refused = await call('/v1/tenant', {
      method: 'PATCH',
      key: admin,
      body: { storeText: true, keepForever: true },
    });
    assert.equal(errorCode(refused), 'validation_failed');
    const patched = await call('/v1/tenant', {
      method: 'PATCH',
      key: admin,
      body: { storeText: true, retentionDays: 7 },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body['storeText'], true);
    assert.equal(patched.body['retentionDays'], 7);
    await call('/v1/moderate', { key: admin, body: { text: '赌博网站' }, headers: { 'x-request-id': 'beta-kept' } });
    const [logged] = await listDecisions(server.deps.store.db, { tenantId: 'beta', requestId: 'beta-kept' });
    assert.equal(logged?.text, '赌博网站');
    const viaApi = await call('/v1/decisions?requestId=beta-kept', { key: admin });
    assert.equal((viaApi.body['decisions'] as { text: string }[])[0]?.text, '赌博网站');
    const acmeLog = await call('/v1/decisions?limit=5&action=block', { key: keys['review']! });
    const decisions = acmeLog.body['decisions'] as { action: string; text: unknown }[];
    assert.ok(decisions.length > 0 && decisions.every((d) => d.action === 'block' && d.text === null));
    assert.equal(errorCode(await call('/v1/decisions?limit=0', { key: keys['review']! })), 'validation_failed');
    assert.equal(errorCode(await call('/v1/decisions?colour=red', { key: keys['review']! })), 'validation_failed');
  });

  test('a key created through the API works with its scopes', async () => {
    const created = await call('/v1/keys', {
      key: keys['admin']!,
      body: { scopes: ['moderate'], name: 'app', rateLimit: 50 },
    });
    assert.equal(created.status, 201);
    const token = created.body['token'] as string;
    assert.match(token, /^qlk_/);
    assert.equal((await call('/v1/moderate', { key: token, body: { text: 'hi' } })).status, 200);
    assert.equal((await call('/v1/lexicon', { key: token })).status, 403);
    const noScopes = await call('/v1/keys', { key: keys['admin']!, body: { scopes: [] } });
    assert.equal(errorCode(noScopes), 'validation_failed');
  });

  test('the OpenAPI document comes from the validation schemas, and the API page renders it', async () => {
    const doc = await call('/v1/openapi.json');
    assert.equal(doc.body['openapi'], '3.1.0');
    const paths = doc.body['paths'] as Record<string, Record<string, Record<string, unknown>>>;
    const moderate = paths['/v1/moderate']?.['post'] as {
      requestBody: { content: { 'application/json': { schema: Record<string, unknown> } } };
      responses: Record<string, unknown>;
    };
    const schema = moderate.requestBody.content['application/json'].schema;
    assert.equal(schema['additionalProperties'], false, 'unknown fields are refused, and documented as such');
    assert.deepEqual(schema['required'], ['text']);
    assert.equal((schema['properties'] as Record<string, { maxLength?: number }>)['text']?.maxLength, MAX_TEXT);
    assert.ok(moderate.responses['429'] !== undefined);
    assert.ok(paths['/v1/moderate/batch'] && paths['/v1/lexicon/changes'] && paths['/v1/keys/{id}']);
    const page = await call('/v1/docs');
    assert.equal(page.status, 200);
    assert.match(String(page.body['text']), /POST \/v1\/moderate/);
  });

  test('health, readiness and metrics', async () => {
    assert.deepEqual((await call('/healthz')).body, { status: 'ok' });
    const ready = (await call('/readyz')).body as { status: string; dependencies: { name: string; ok: boolean }[] };
    assert.equal(ready.status, 'ready');
    assert.equal(ready.dependencies.find((d) => d.name === 'database')?.ok, true);
    assert.ok(!ready.dependencies.some((d) => d.name === 'redis'), 'REDIS_URL is not set: Redis is not asked');
    const metrics = String((await call('/metrics')).body['text']);
    // Every series names the process (host:pid), so replicas scraped together never collide.
    const p = 'process="[^"]+:\\d+"';
    assert.match(
      metrics,
      new RegExp(`qinglang_http_requests_total\\{${p},method="POST",route="/v1/moderate",status="200"\\} \\d+`),
    );
    assert.match(
      metrics,
      new RegExp(`qinglang_http_request_duration_seconds_bucket\\{${p},route="/v1/moderate",le="0.01"\\} \\d+`),
    );
    assert.match(metrics, new RegExp(`qinglang_verdicts_total\\{${p},action="block"\\} \\d+`));
    assert.match(metrics, new RegExp(`qinglang_verdict_categories_total\\{${p},category="gambling"\\} \\d+`));
    assert.match(metrics, new RegExp(`qinglang_lexicon_version\\{${p},tenant="acme"\\} 2`));
    assert.match(metrics, new RegExp(`qinglang_rate_limited_total\\{${p}\\} 1`));
    assert.match(metrics, new RegExp(`qinglang_decision_log_rows_total\\{${p}\\} [1-9]\\d*`));
  });

  test('shutdown lets requests in flight finish and keeps their decisions', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ text: `第${i}条：赌博网站和今天的天气` }));
    const body = Buffer.from(JSON.stringify({ items }));
    const url = new URL('/v1/moderate/batch', server.url);
    // Half the body goes out, the server is told to stop, then the rest: the call is surely in flight during shutdown.
    let sendRest: () => void = () => {};
    const inFlight = new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const request = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            authorization: `Bearer ${keys['moderate']!}`,
            'content-type': 'application/json',
            'content-length': String(body.length),
            'x-request-id': 'last-batch',
          },
        },
        (response) => {
          response.resume();
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }),
          );
        },
      );
      request.on('error', reject);
      request.write(body.subarray(0, body.length / 2));
      sendRest = () => request.end(body.subarray(body.length / 2));
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = server.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    sendRest();
    const { status, connection } = await inFlight;
    await closing;
    assert.equal(status, 200);
    assert.equal(connection, 'close', 'the client is told not to reuse the connection');
    assert.equal(
      (await fetch(`${server.url}/healthz`).catch(() => undefined))?.status,
      undefined,
      'no longer listening',
    );
    const store = await openStore({ databaseUrl: database.databaseUrl, databaseSchema: database.databaseSchema });
    try {
      const logged = await listDecisions(store.db, { tenantId: 'acme', requestId: 'last-batch', limit: 2000 });
      assert.equal(logged.length, 1000);
    } finally {
      await store.close();
    }
  });
});
