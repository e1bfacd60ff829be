import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { Writable } from 'node:stream';
import { createLogger, loadConfig, redactPath, startServer } from '../../src/server/index.js';
import { publicReportingProblem } from '../../src/server/reports/intake.js';
import { createWebhook, enqueueWebhookEvent, listWebhookDeliveries } from '../../src/store/index.js';
import { errorCodeOf, errorPathsOf, startAbuseServer, TEST_PII_KEY, type AbuseServer } from './abuse-support.js';
import { Visitor } from './console-support.js';
import { describeEachDialect } from './dialects.js';

const HOUR = 3_600_000;

test('the log redaction rule: tracking codes in status paths and secrets in queries', () => {
  const cases: [string, string][] = [
    ['/v1/reports/status/abcde-fghij-klmno', '/v1/reports/status/[redacted]'],
    ['/report/status/abcde-fghij-klmno?new=1', '/report/status/[redacted]?new=1'],
    ['/report/status/abc/extra', '/report/status/[redacted]/extra'],
    ['/console/setup?token=s3cret', '/console/setup?token=[redacted]'],
    ['/guardian/bind?lang=en&code=123456', '/guardian/bind?lang=en&code=[redacted]'],
    ['/v1/moderate', '/v1/moderate'],
    ['/report', '/report'],
  ];
  for (const [path, logged] of cases) assert.equal(redactPath(path), logged, path);
});

describeEachDialect('hardening over HTTP', (dialect) => {
  let s: AbuseServer;

  before(async () => {
    // PUBLIC_REPORT_TENANT: the tenants acme and beta both exist, and public reports go to acme.
    s = await startAbuseServer(dialect, { PUBLIC_REPORT_TENANT: 'acme', PUBLIC_REPORTS_PER_HOUR: '20' });
  });
  after(() => s?.close());

  test('tracking codes never reach the log, from the API or the status page', async () => {
    const filed = await s.call('POST', '/v1/reports', {
      key: s.keys.report,
      body: {
        subject: { kind: 'content', contentRef: 'post-1', snapshot: { text: '今天天气不错' } },
        category: 'abuse',
        reporterRole: 'other',
      },
    });
    assert.equal(filed.status, 201, filed.text);
    const code = filed.body?.['trackingCode'] as string;
    assert.equal((await s.call('GET', `/v1/reports/status/${code}`)).status, 200);
    await fetch(`${s.url}/report/status/${code}?new=1`).then((r) => r.text());
    await s.call('GET', '/v1/reports/status/not-a-real-code-12345');
    const logged = s.logs.join('\n');
    assert.ok(logged.includes('"path":"/v1/reports/status/[redacted]"'), 'the request is logged, redacted');
    assert.ok(!logged.includes(code), 'the tracking code is not in the log');
    assert.ok(!logged.includes('not-a-real-code-12345'), 'nor a guessed one');
  });

  test('refused public reports do not spend the limit; the accepted ones do', async () => {
    s.advance(HOUR);
    const visitor = new Visitor(s.url);
    const fields = {
      reporterKind: 'other',
      category: 'abuse',
      contentText: '有人在评论里骂人',
      contentUrl: 'javascript:alert(1)',
      userRef: '',
      description: '',
      contact: '',
    };
    // The burst is five: eight refused forms in a row, then a good one.
    for (let i = 0; i < 8; i++) {
      await visitor.get('/report');
      const refused = await visitor.post('/report', fields);
      assert.equal(refused.status, 400, `refused form ${i + 1} says what was wrong, not "too many"`);
    }
    await visitor.get('/report');
    const good = await visitor.post('/report', { ...fields, contentUrl: 'https://example.com/post/1' });
    assert.equal(good.status, 303, 'the first good report is accepted');
    for (let i = 0; i < 4; i++) {
      await visitor.get('/report');
      assert.equal((await visitor.post('/report', { ...fields, contentUrl: '' })).status, 303);
    }
    await visitor.get('/report');
    assert.equal((await visitor.post('/report', { ...fields, contentUrl: '' })).status, 429, 'accepted ones count');
  });

  test('a NUL typed into the public report form is refused with the field, not a server error', async () => {
    s.advance(HOUR);
    const visitor = new Visitor(s.url);
    await visitor.get('/report');
    const answer = await visitor.post('/report', {
      reporterKind: 'other',
      category: 'abuse',
      contentText: '有人骂人\u0000',
      contentUrl: '',
      userRef: '',
      description: 'x\u0000y',
      contact: '',
    });
    assert.equal(answer.status, 400, answer.body.slice(0, 300));
  });

  test('every answer says nosniff: JSON, errors, the API page, the OpenAPI document, the health check', async () => {
    for (const path of ['/v1/docs', '/v1/openapi.json', '/healthz', '/v1/nothing-here', '/v1/moderate']) {
      const answer = await s.call('GET', path);
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', path);
    }
    const refused = await s.call('POST', '/v1/moderate', { key: s.keys.moderate, raw: '{' });
    assert.equal(refused.headers.get('x-content-type-options'), 'nosniff');
  });

  test('X-Forwarded-Proto is ignored without trusted proxies: cookies over plain http are not Secure', async () => {
    const response = await fetch(`${s.url}/report?lang=en`, { headers: { 'x-forwarded-proto': 'https' } });
    await response.text();
    const cookies = response.headers.getSetCookie();
    assert.ok(cookies.length > 0);
    for (const cookie of cookies) assert.doesNotMatch(cookie, /;\s*secure/i, cookie);
  });

  test('behind a trusted proxy (TRUST_PROXY_HOPS=1) its X-Forwarded-Proto makes cookies Secure', async () => {
    const proxied = await startAbuseServer(dialect, { TRUST_PROXY_HOPS: '1' });
    try {
      const response = await fetch(`${proxied.url}/report?lang=en`, {
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' },
      });
      await response.text();
      const cookies = response.headers.getSetCookie();
      assert.ok(cookies.length > 0);
      for (const cookie of cookies) assert.match(cookie, /;\s*secure/i, cookie);
    } finally {
      await proxied.close();
    }
  });

  test('a lone surrogate in a guardian password, and NUL in any field or URL, are refused with the field named', async () => {
    const surrogate = await s.call('POST', '/v1/guardian/accounts', {
      raw: '{"identifier":"13900000001","password":"abcdefghij\\ud800"}',
    });
    assert.equal(surrogate.status, 400);
    assert.equal(errorCodeOf(surrogate), 'validation_failed');
    assert.deepEqual(errorPathsOf(surrogate), ['password']);

    const cases: [string, string, unknown, string][] = [
      ['POST', '/v1/moderate', { text: '你好', userRef: 'a\u0000b' }, 'userRef'],
      ['POST', '/v1/moderate', { text: '你好', contentRef: '\u0000' }, 'contentRef'],
      [
        'POST',
        '/v1/moderate/batch',
        { items: [{ text: 'x' }, { text: 'y', targetRef: 'k\u0000' }] },
        'items.1.targetRef',
      ],
    ];
    for (const [method, path, body, field] of cases) {
      const answer = await s.call(method, path, { key: s.keys.moderate, body });
      assert.equal(answer.status, 400, `${path} ${answer.text}`);
      assert.deepEqual(errorPathsOf(answer), [field]);
    }
    const report = await s.call('POST', '/v1/reports', {
      key: s.keys.report,
      body: {
        subject: { kind: 'user', userRef: 'bad\u0000ref' },
        category: 'abuse',
        reporterRole: 'other',
      },
    });
    assert.equal(report.status, 400, report.text);
    assert.deepEqual(errorPathsOf(report), ['subject.userRef']);
    for (const path of ['/v1/cases/abc%00def', '/v1/youth/minors/kid%00', '/v1/decisions?userRef=a%00b']) {
      const key = path.includes('youth') ? s.keys.youth : s.keys.review;
      const answer = await s.call('GET', path, { key });
      assert.equal(answer.status, 400, `${path} ${answer.text}`);
      assert.equal(errorCodeOf(answer), 'validation_failed');
    }
    for (const path of ['/report/status/abc%00', '/guardian/minors/x%00', '/console/keys?tenant=a%00']) {
      const answer = await s.call('GET', path);
      assert.equal(answer.status, 400, `${path} ${answer.text.slice(0, 200)}`);
    }
  });

  test('birth dates must be a real person’s: not in the future, not more than a hundred years ago', async () => {
    for (const birthDate of ['1800-01-01', '1925-01-01', '2027-01-01', '2014-02-30']) {
      const answer = await s.call('PUT', '/v1/youth/minors/kid-born', { key: s.keys.youth, body: { birthDate } });
      assert.equal(answer.status, 400, birthDate);
      assert.deepEqual(errorPathsOf(answer), ['birthDate'], birthDate);
    }
    const ok = await s.call('PUT', '/v1/youth/minors/kid-born', {
      key: s.keys.youth,
      body: { birthDate: '2014-05-01' },
    });
    assert.ok(ok.status === 200 || ok.status === 201, ok.text);
  });

  test('webhooks are not delivered to loopback unless the operator opts in', async () => {
    let hits = 0;
    const receiver: Server = createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const db = s.server.deps.store.db;
      const { webhook } = await createWebhook(db, { tenantId: 'beta', url, eventTypes: ['test.ping'] }, s.now());
      await db.transaction().execute((trx) => enqueueWebhookEvent(trx, 'beta', 'test.ping', {}, s.now()));
      await s.server.deps.webhooks.runOnce();
      const [delivery] = await listWebhookDeliveries(db, { tenantId: 'beta', webhookId: webhook.id });
      assert.match(delivery?.lastError ?? '', /blocked/);
      assert.equal(hits, 0);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  test('a service started with several tenants and no PUBLIC_REPORT_TENANT warns at start-up', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const config = loadConfig({ ...s.databaseEnv, PII_ENCRYPTION_KEY: TEST_PII_KEY, PORT: '0', HOST: '127.0.0.1' });
    const second = await startServer(config, { log: createLogger('warn', sink) });
    await second.close();
    assert.match(lines.join(''), /PUBLIC_REPORT_TENANT is not set: the public report form refuses every report/);
  });

  test('several tenants and no PUBLIC_REPORT_TENANT, or one naming no tenant: the problem is named for the start-up log', async () => {
    const deps = s.server.deps;
    const unset = { ...deps, config: { ...deps.config, publicReportTenant: undefined } };
    assert.match((await publicReportingProblem(unset)) ?? '', /PUBLIC_REPORT_TENANT/);
    assert.equal(await publicReportingProblem(deps), undefined);
    const wrong = { ...deps, config: { ...deps.config, publicReportTenant: 'nobody' } };
    assert.match((await publicReportingProblem(wrong)) ?? '', /nobody/);
  });
});
