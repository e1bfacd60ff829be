import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { ERROR_CODES } from '../../src/lib/index.js';
import { GUARDIAN_LOCKOUT, LOCKOUT, createConsoleUser } from '../../src/store/index.js';
import { errorCodeOf, startAbuseServer, type AbuseServer, type ApiAnswer } from './abuse-support.js';
import { Visitor } from './console-support.js';
import { describeEachDialect } from './dialects.js';

type Json = Record<string, unknown>;

/** One JSON endpoint with a body it accepts, and the key it needs (none for the guardian sign-up and sign-in). */
interface Endpoint {
  readonly method: 'POST' | 'PUT' | 'PATCH';
  readonly path: string;
  readonly scope?: 'moderate' | 'admin' | 'report' | 'youth';
  readonly body: Json;
  /** Fields whose bad values are tried; every top-level field when absent. */
  readonly fields?: readonly string[];
}

const ENDPOINTS: readonly Endpoint[] = [
  {
    method: 'POST',
    path: '/v1/moderate',
    scope: 'moderate',
    body: { text: '你好', userRef: 'u1', ageBand: 'age_12_16' },
  },
  { method: 'POST', path: '/v1/moderate/batch', scope: 'moderate', body: { items: [{ text: '你好' }] } },
  { method: 'PATCH', path: '/v1/tenant', scope: 'admin', body: { retentionDays: 10, storeText: false } },
  { method: 'POST', path: '/v1/keys', scope: 'admin', body: { name: 'fuzz', scopes: ['moderate'], rateLimit: 5 } },
  { method: 'POST', path: '/v1/webhooks', scope: 'admin', body: { url: 'https://example.com/h', eventTypes: ['*'] } },
  { method: 'PUT', path: '/v1/youth/minors/fuzz-kid', scope: 'youth', body: { birthDate: '2013-05-01' } },
  {
    method: 'POST',
    path: '/v1/youth/minors/fuzz-kid/heartbeats',
    scope: 'youth',
    body: { eventId: 'e1', deviceId: 'phone', occurredAt: '2026-03-02T02:00:00Z', seconds: 60, appKind: 'general' },
  },
  {
    method: 'POST',
    path: '/v1/youth/minors/fuzz-kid/decisions',
    scope: 'youth',
    body: { kind: 'feature.use', feature: 'tipping' },
  },
  {
    method: 'POST',
    path: '/v1/youth/minors/fuzz-kid/purchases',
    scope: 'youth',
    body: { idempotencyKey: 'p1', amountFen: 100, kind: 'other' },
  },
  {
    method: 'POST',
    path: '/v1/youth/minors/fuzz-kid/requests',
    scope: 'youth',
    body: { kind: 'extra_time', minutes: 15 },
  },
  { method: 'PUT', path: '/v1/youth/policy', scope: 'youth', body: { dailyLimitMinutes: { age_12_16: 50 } } },
  {
    method: 'PUT',
    path: '/v1/youth/minors/fuzz-kid/interactions',
    scope: 'youth',
    body: { posts: 'friends', comments: 'nobody' },
  },
  { method: 'POST', path: '/v1/youth/minors/fuzz-kid/blocks', scope: 'youth', body: { userRef: 'stranger-1' } },
  {
    method: 'POST',
    path: '/v1/youth/minors/fuzz-kid/interactions/check',
    scope: 'youth',
    body: { actorRef: 'stranger-1', relation: 'stranger', action: 'comment' },
  },
  { method: 'POST', path: '/v1/guardian/accounts', body: { identifier: '13700000000', password: 'fuzz password 1' } },
  { method: 'POST', path: '/v1/guardian/sign-in-codes', body: { identifier: '13700000000' } },
  { method: 'POST', path: '/v1/guardian/sessions', body: { identifier: '13700000000', password: 'fuzz password 1' } },
  {
    method: 'POST',
    path: '/v1/reports',
    scope: 'report',
    body: {
      subject: { kind: 'content', contentRef: 'post-1', snapshot: { text: '今天天气不错' } },
      category: 'abuse',
      reporterRole: 'other',
      description: '骂人',
    },
  },
];

const deep = (levels: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { v: value };
  return value;
};

/** Values no field takes as they are: wrong types, edges of numbers and strings, bad text, nesting. */
const BAD_VALUES: readonly (readonly [string, unknown])[] = [
  ['null', null],
  ['true', true],
  ['zero', 0],
  ['negative', -1],
  ['a fraction', 1.5],
  ['a huge number', 1e300],
  ['the largest safe integer plus one', Number.MAX_SAFE_INTEGER + 1],
  ['an empty string', ''],
  ['spaces', '   '],
  ['a long string', 'x'.repeat(100_000)],
  ['NUL', 'a\u0000b'],
  ['a lone surrogate', 'a\uD800b'],
  ['a right-to-left override', '\u202Eabc'],
  ['an empty array', []],
  ['an empty object', {}],
  ['an object with __proto__', JSON.parse('{"__proto__":{"admin":true}}') as unknown],
  ['deep nesting', deep(40)],
  ['a date from the year 10000', '+010000-01-01T00:00:00Z'],
  ['SQL', "'; drop table tenants; --"],
];

const CODES = new Set(Object.keys(ERROR_CODES));

/** Every answer is either a success or a coded error of the catalogue: never a 500, never an unknown shape. */
function assertHandled(answer: ApiAnswer, what: string): void {
  assert.ok(answer.status < 500, `${what}: ${answer.status} ${answer.text.slice(0, 300)}`);
  if (answer.status >= 400) {
    const code = errorCodeOf(answer);
    assert.ok(code !== undefined && CODES.has(code), `${what}: no coded error: ${answer.text.slice(0, 300)}`);
  }
}

describeEachDialect('HTTP API under fuzz and abuse', (dialect) => {
  let s: AbuseServer;

  before(async () => {
    s = await startAbuseServer(dialect, { BODY_LIMIT_BYTES: String(256 * 1024) });
  });
  after(() => s?.close());

  const keyOf = (e: Endpoint): string | undefined => (e.scope === undefined ? undefined : s.keys[e.scope]);

  test('every endpoint accepts its base body, so the variants below test the fields and not a broken base', async () => {
    for (const e of ENDPOINTS) {
      const answer = await s.call(e.method, e.path, { key: keyOf(e), body: e.body });
      assert.ok(answer.status < 300, `${e.method} ${e.path}: ${answer.status} ${answer.text.slice(0, 300)}`);
    }
  });

  test('bad JSON: broken, empty, not UTF-8, not an object, nested without end: coded 400s', async () => {
    // undefined: either code of the two for bodies a parser may give up on (malformed) or we refuse (too deep).
    const raws: readonly (readonly [string, string | Uint8Array, string | undefined])[] = [
      ['broken', '{"text":', 'malformed_json'],
      ['empty', '', 'malformed_json'],
      ['whitespace', ' \n ', 'malformed_json'],
      ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'malformed_json'],
      ['null', 'null', 'validation_failed'],
      ['an array', '[]', 'validation_failed'],
      ['a string', '"text"', 'validation_failed'],
      ['a number', '42', 'validation_failed'],
      ['arrays 50,000 deep', `${'['.repeat(50_000)}${']'.repeat(50_000)}`, undefined],
      ['objects 10,000 deep', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, undefined],
      ['a duplicate key', '{"text":"a","text":"b","x":1}', 'validation_failed'],
    ];
    for (const e of ENDPOINTS) {
      for (const [name, raw, code] of raws) {
        const answer = await s.call(e.method, e.path, { key: keyOf(e), raw });
        assertHandled(answer, `${e.path} ${name}`);
        assert.equal(answer.status, 400, `${e.path} ${name}`);
        if (code !== undefined) assert.equal(errorCodeOf(answer), code, `${e.path} ${name}`);
      }
    }
  });

  test('huge bodies: declared or streamed past BODY_LIMIT_BYTES are 413, a big array of items is refused whole', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(300 * 1024) });
    const declared = await s.call('POST', '/v1/moderate', { key: s.keys.moderate, raw: big });
    assert.equal(declared.status, 413);
    assert.equal(errorCodeOf(declared), 'payload_too_large');
    // Chunked, with no length declared, on a connection of its own (the server may close it before reading it all).
    const streamedStatus = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${s.url}/v1/moderate`,
        {
          method: 'POST',
          agent: false,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${s.keys.moderate}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 40; i++) req.write('x'.repeat(10_000));
      req.end();
    });
    assert.equal(streamedStatus, 413);
    const items = await s.call('POST', '/v1/moderate/batch', {
      key: s.keys.moderate,
      body: { items: Array.from({ length: 1001 }, () => ({ text: 'a' })) },
    });
    assert.equal(items.status, 400);
    assert.equal(errorCodeOf(items), 'validation_failed');
  });

  test("every field's bad values, an unknown field and a missing field: handled with coded errors, never a 500", async () => {
    for (const e of ENDPOINTS) {
      const fields = e.fields ?? Object.keys(e.body);
      for (const field of fields) {
        for (const [name, value] of BAD_VALUES) {
          const answer = await s.call(e.method, e.path, { key: keyOf(e), body: { ...e.body, [field]: value } });
          assertHandled(answer, `${e.method} ${e.path} ${field}=${name}`);
        }
        const without = Object.fromEntries(Object.entries(e.body).filter(([name]) => name !== field));
        assertHandled(await s.call(e.method, e.path, { key: keyOf(e), body: without }), `${e.path} without ${field}`);
      }
      const unknown = await s.call(e.method, e.path, { key: keyOf(e), body: { ...e.body, surprise: 1 } });
      assert.equal(unknown.status, 400, `${e.path} with an unknown field`);
    }
    assert.equal((await s.call('GET', '/healthz')).status, 200, 'the service is still up');
  });

  test('bad path and query values: NUL, huge, encoded slashes, unknown filters: coded errors', async () => {
    const paths = [
      '/v1/youth/minors/%00',
      `/v1/youth/minors/${'k'.repeat(5000)}`,
      '/v1/youth/minors/..%2F..%2Fetc',
      '/v1/youth/minors/%E0%A4%A',
      '/v1/decisions?limit=-1',
      '/v1/decisions?limit=abc&limit=2',
      '/v1/decisions?before=%00',
      '/v1/cases?status=nope',
      '/v1/reports/status/%00',
      `/v1/reports/status/${'a'.repeat(5000)}`,
    ];
    for (const path of paths) {
      const key = path.includes('youth') ? s.keys.youth : path.includes('decisions') ? s.keys.admin : s.keys.report;
      assertHandled(await s.call('GET', path, { key }), path);
    }
  });

  test('forty parallel wrong guardian passwords: at most four are checked, and the right one is then locked out', async () => {
    const identifier = '13700000001';
    const password = 'the right one 1';
    assert.equal((await s.call('POST', '/v1/guardian/accounts', { body: { identifier, password } })).status, 201);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        s.call('POST', '/v1/guardian/sessions', { body: { identifier, password: `wrong guess ${i}` } }),
      ),
    );
    for (const answer of answers) assertHandled(answer, 'parallel sign-in');
    const checked = answers.filter((a) => a.status === 401).length;
    assert.ok(checked <= GUARDIAN_LOCKOUT.maxFailures - 1, `${checked} wrong passwords were checked`);
    const right = await s.call('POST', '/v1/guardian/sessions', { body: { identifier, password } });
    assert.equal(right.status, 429);
    assert.ok(Number(right.headers.get('retry-after')) > 0);
  });

  test('thirty parallel wrong console passwords through the sign-in page: the right one is then locked out', async () => {
    const user = { username: 'burst-admin', password: 'the right console password' };
    await createConsoleUser(s.server.deps.store.db, { ...user, role: 'admin' }, s.now());
    const visitor = new Visitor(s.url);
    await visitor.get('/console/sign-in');
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        visitor.post('/console/sign-in', { username: user.username, password: `wrong guess ${i}` }),
      ),
    );
    assert.ok(
      answers.every((a) => a.status === 401 || a.status === 429),
      answers.map((a) => a.status).join(','),
    );
    const checked = answers.filter((a) => a.status === 401).length;
    assert.ok(checked <= LOCKOUT.maxFailures - 1, `${checked} wrong passwords were checked`);
    const right = await visitor.post('/console/sign-in', user);
    assert.equal(right.status, 429, 'the right password does not open the locked account');
  });

  test('guessing one-time codes, in parallel and one after another, never signs in', async () => {
    const identifier = 'guess@example.com';
    assert.equal((await s.call('POST', '/v1/guardian/accounts', { body: { identifier } })).status, 201);
    let signedIn = 0;
    for (let round = 0; round < 3; round++) {
      s.advance(GUARDIAN_LOCKOUT.lockMs + 60_000);
      assert.equal((await s.call('POST', '/v1/guardian/sign-in-codes', { body: { identifier } })).status, 202);
      const sent = s.codes.get(identifier) ?? '';
      const guesses = Array.from({ length: 30 }, (_, i) => String((Number(sent) + 1 + i) % 1_000_000).padStart(6, '0'));
      const answers = await Promise.all(
        guesses.map((code) => s.call('POST', '/v1/guardian/sessions', { body: { identifier, code } })),
      );
      for (const answer of answers) assertHandled(answer, 'code guess');
      signedIn += answers.filter((a) => a.status === 201).length;
      const right = await s.call('POST', '/v1/guardian/sessions', { body: { identifier, code: sent } });
      assert.notEqual(right.status, 201, 'the code is void after its tries, or the account locked');
    }
    assert.equal(signedIn, 0);
  });
});
