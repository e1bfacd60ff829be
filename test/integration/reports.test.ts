import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { loadConfig, startServer, type RunningServer } from '../../src/server/index.js';
import { takePublicToken } from '../../src/server/public-limits.js';
import {
  createApiKey,
  createTenant,
  createWebhook,
  deriveCaseState,
  fileReport,
  getCase,
  listCaseQueue,
  listCaseViews,
  listSlaBreaches,
  loadCaseEvents,
  loadCaseState,
  verifyEvidenceChain,
  type ReportInput,
  type Scope,
} from '../../src/store/index.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

type Json = Record<string, unknown>;

const MINUTE = 60_000;

const codeOf = (a: Answer): unknown => (a.body['error'] as Json | undefined)?.['code'];
const pathsOf = (a: Answer): unknown[] =>
  (((a.body['error'] as Json | undefined)?.['details'] as Json[] | undefined) ?? []).map((d) => d['path']);

/** A valid report body, changed by `patch`. */
function reportBody(patch: Json = {}): Json {
  return {
    subject: { kind: 'content', contentRef: 'post-1', snapshot: { text: '今天天气不错' } },
    category: 'abuse',
    reporterRole: 'other',
    ...patch,
  };
}

describeEachDialect('reports', (dialect) => {
  let database: FreshDatabase;
  let server: RunningServer;
  let now = Date.parse('2026-05-04T02:00:00Z');
  const keys: Record<string, string> = {};

  const call = async (path: string, options: { key?: string; body?: unknown; raw?: string } = {}): Promise<Answer> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.key !== undefined) headers['authorization'] = `Bearer ${options.key}`;
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(`${server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      ...(body === undefined ? {} : { body }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Json };
  };
  const file = async (patch: Json = {}, key = keys['report']!): Promise<Json> => {
    const answer = await call('/v1/reports', { key, body: reportBody(patch) });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body;
  };
  const act = async (caseId: string, event: Json, key = keys['review']!): Promise<Answer> =>
    call(`/v1/cases/${caseId}/events`, { key, body: event });
  const makeKey = async (name: string, tenantId: string, scopes: Scope[]): Promise<void> => {
    keys[name] = (await createApiKey(server.deps.store.db, { tenantId, scopes, name }, now)).token;
  };

  before(async () => {
    database = dialect.fresh();
    const config = loadConfig({
      ...database.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_SECOND: '100000',
      SLA_CRITICAL_MINUTES: '30',
      PUBLIC_REPORTS_PER_HOUR: '12',
      WEBHOOK_ALLOW_LOOPBACK: 'true',
    });
    server = await startServer(config, { log: pino({ level: 'silent' }), clock: () => now });
    await createTenant(server.deps.store.db, { id: 'acme' }, now);
    await createTenant(server.deps.store.db, { id: 'beta' }, now);
    await makeKey('report', 'acme', ['report']);
    await makeKey('review', 'acme', ['review']);
    await makeKey('moderate', 'acme', ['moderate']);
    await makeKey('beta', 'beta', ['report', 'review']);
  });
  after(async () => {
    await server.close();
    await database.drop();
  });

  test('every bad report is refused with a coded error naming the field', async () => {
    const cases: [string, { body?: unknown; raw?: string }, string, string | undefined][] = [
      ['not JSON', { raw: '{"subject":' }, 'malformed_json', undefined],
      ['no subject', { body: reportBody({ subject: undefined }) }, 'validation_failed', 'subject'],
      [
        'unknown subject kind',
        { body: reportBody({ subject: { kind: 'video', contentRef: 'x' } }) },
        'validation_failed',
        'subject.kind',
      ],
      [
        'content without a snapshot',
        { body: reportBody({ subject: { kind: 'content', contentRef: 'x', snapshot: {} } }) },
        'validation_failed',
        'subject.snapshot',
      ],
      [
        'content with an empty ref',
        { body: reportBody({ subject: { kind: 'content', contentRef: '  ', snapshot: { text: 'a' } } }) },
        'validation_failed',
        'subject.contentRef',
      ],
      [
        'a URL that is not http',
        {
          body: reportBody({ subject: { kind: 'content', contentRef: 'x', snapshot: { url: 'javascript:alert(1)' } } }),
        },
        'validation_failed',
        'subject.snapshot.url',
      ],
      [
        'an image hash that is not SHA-256',
        { body: reportBody({ subject: { kind: 'content', contentRef: 'x', snapshot: { imageSha256: 'abc' } } }) },
        'validation_failed',
        'subject.snapshot.imageSha256',
      ],
      [
        'a conversation without messages',
        { body: reportBody({ subject: { kind: 'conversation', messages: [] } }) },
        'validation_failed',
        'subject.messages',
      ],
      [
        'a blank message',
        { body: reportBody({ subject: { kind: 'conversation', messages: [{ text: ' ' }] } }) },
        'validation_failed',
        'subject.messages.0.text',
      ],
      ['an unknown category', { body: reportBody({ category: 'spam' }) }, 'validation_failed', 'category'],
      [
        'an unknown reporter role',
        { body: reportBody({ reporterRole: 'teacher' }) },
        'validation_failed',
        'reporterRole',
      ],
      ['no reporter role', { body: reportBody({ reporterRole: undefined }) }, 'validation_failed', 'reporterRole'],
      [
        'a description too long',
        { body: reportBody({ description: 'x'.repeat(2001) }) },
        'validation_failed',
        'description',
      ],
      ['an unknown field', { body: reportBody({ priority: 'critical' }) }, 'validation_failed', ''],
      [
        'anonymous with a contact',
        { body: reportBody({ anonymous: true, contact: 'wx: abc' }) },
        'validation_failed',
        'contact',
      ],
      [
        'anonymous with a reporter ref',
        { body: reportBody({ anonymous: true, reporterRef: 'u1' }) },
        'validation_failed',
        'reporterRef',
      ],
      [
        'a minor saying no minor is involved',
        { body: reportBody({ reporterRole: 'minor', minorInvolved: false }) },
        'validation_failed',
        'minorInvolved',
      ],
    ];
    for (const [name, request, code, path] of cases) {
      const answer = await call('/v1/reports', { key: keys['report']!, ...request });
      assert.equal(answer.status, 400, name);
      assert.equal(codeOf(answer), code, name);
      if (path !== undefined) assert.ok(pathsOf(answer).includes(path), `${name}: ${JSON.stringify(answer.body)}`);
    }
    assert.equal(codeOf(await call('/v1/reports', { body: reportBody() })), 'unauthenticated');
    assert.equal(codeOf(await call('/v1/reports', { key: keys['moderate']!, body: reportBody() })), 'forbidden');
    const queue = await listCaseQueue(server.deps.store.db, { tenantId: 'acme', now });
    assert.equal(queue.length, 0, 'nothing refused was kept');
  });

  test('the store refuses the same bad inputs for the public form, listing every problem', async () => {
    const input: ReportInput = {
      tenantId: 'acme',
      channel: 'public',
      subject: { kind: 'content', contentRef: '', snapshot: { url: 'ftp://x' } },
      category: 'other',
      reporterRole: 'minor',
      minorInvolved: false,
      anonymous: true,
      contact: 'qq 123',
    };
    await assert.rejects(
      fileReport(server.deps.store.db, input, {
        now,
        sla: server.deps.config.reportSla,
        screen: () => assert.fail('not screened'),
      }),
      (error: { code: string; details: { path: string }[] }) => {
        assert.equal(error.code, 'validation_failed');
        assert.deepEqual(error.details.map((d) => d.path).sort(), [
          'contact',
          'minorInvolved',
          'subject.contentRef',
          'subject.snapshot.url',
        ]);
        return true;
      },
    );
    await assert.rejects(
      fileReport(server.deps.store.db, { ...reportBody(), tenantId: 'nope', channel: 'public' } as ReportInput, {
        now,
        sla: server.deps.config.reportSla,
        screen: () => assert.fail('not screened'),
      }),
      { code: 'not_found' },
    );
  });

  test('a filed report is screened, snapshotted into evidence, and readable by its tracking code', async () => {
    const filed = await file({
      subject: { kind: 'content', contentRef: 'post-screen', snapshot: { text: '想賭＊博的私聊我' } },
      category: 'gambling',
      reporterRole: 'guardian',
      description: '孩子看到的评论',
      contact: '138 0000 0000',
    });
    assert.match(String(filed['trackingCode']), /^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const screening = filed['screening'] as Json;
    assert.equal(screening['action'], 'block');
    // The screening is the tenant's serving verdict, model findings included.
    const served = server.deps.engines.forTenant('acme').engine.moderate('想賭＊博的私聊我', { ageBand: 'age_12_16' });
    assert.deepEqual(screening['categories'], served.categories);
    assert.deepEqual(screening['categories'], ['gambling', 'contact_offplatform']);
    assert.deepEqual(
      (screening['matches'] as { category: string }[]).map((m) => m.category),
      ['gambling', 'contact_offplatform'],
    );
    assert.equal(filed['priority'], 'urgent', 'harmful, a minor involved (guardian), high severity');
    assert.equal(filed['newCase'], true);

    const detail = await call(`/v1/cases/${String(filed['caseId'])}`, { key: keys['review']! });
    assert.equal(detail.status, 200);
    const [report] = detail.body['reports'] as Json[];
    assert.equal(report!['contact'], '138 0000 0000');
    assert.equal(report!['minorInvolved'], true);
    const [evidence] = detail.body['evidence'] as Json[];
    const content = JSON.parse(String(evidence!['content'])) as Json;
    assert.equal(content['reportId'], filed['id']);
    assert.equal((content['screening'] as Json)['lexiconVersion'], 0);
    assert.equal(content['contact'], undefined, "the reporter's contact stays out of the evidence");

    const code = String(filed['trackingCode']);
    const status = await call(`/v1/reports/status/${code.toUpperCase().replaceAll('-', ' ')}`);
    assert.equal(status.status, 200, JSON.stringify(status.body));
    assert.equal(status.body['status'], 'received');
    assert.equal(status.body['reportId'], filed['id']);
    assert.equal(status.headers.get('cache-control'), 'no-store');
    assert.equal(codeOf(await call('/v1/reports/status/aaaaa-bbbbb-ccccc-ddddd')), 'not_found');
    assert.equal(codeOf(await call('/v1/reports/status/short')), 'not_found');
  });

  test('reports on the same subject group into one open case; a closed case is not reopened by a new report', async () => {
    const a = await file({ subject: { kind: 'content', contentRef: 'post-g', snapshot: { text: '甲' } } });
    const b = await file({
      subject: { kind: 'content', contentRef: 'post-g', snapshot: { url: 'https://example.test/p/g' } },
      category: 'grooming',
    });
    const other = await file({ subject: { kind: 'content', contentRef: 'post-h', snapshot: { text: '乙' } } });
    assert.equal(b['caseId'], a['caseId']);
    assert.equal(b['newCase'], false);
    assert.notEqual(other['caseId'], a['caseId']);
    assert.equal(b['priority'], 'critical');

    const u1 = await file({ subject: { kind: 'user', userRef: 'user-9' } });
    const u2 = await file({
      subject: { kind: 'conversation', offenderRef: 'user-9', messages: [{ from: 'user-9', text: '加我微信聊' }] },
    });
    assert.equal(u2['caseId'], u1['caseId'], 'a conversation naming the offender groups with reports on that user');
    const lone1 = await file({ subject: { kind: 'conversation', messages: [{ text: '你好' }] } });
    const lone2 = await file({ subject: { kind: 'conversation', messages: [{ text: '你好' }] } });
    assert.notEqual(lone1['caseId'], lone2['caseId'], 'a conversation with no refs is a case of its own');
    assert.equal(
      (await file({}, keys['beta']))['caseId'] === (await file({}))['caseId'],
      false,
      'tenants never share a case',
    );

    const caseId = String(a['caseId']);
    const detail = await call(`/v1/cases/${caseId}`, { key: keys['review']! });
    const caseJson = detail.body['case'] as Json;
    assert.equal(caseJson['reportCount'], 2);
    assert.equal(caseJson['priority'], 'critical', 'the case takes its most urgent report');
    assert.equal(caseJson['category'], 'grooming');

    const acted = await act(caseId, { type: 'action', action: 'takedown', reason: 'grooming' });
    assert.equal(acted.status, 200, JSON.stringify(acted.body));
    const c = await file({ subject: { kind: 'content', contentRef: 'post-g', snapshot: { text: '又出现了' } } });
    assert.notEqual(c['caseId'], caseId);
    assert.equal(c['newCase'], true);
  });

  test('a model finding raises a report filed as other, as a lexicon match does', async () => {
    now += 1000;
    // No lexicon term: the task-scam recruiting line is the model's alone (fraud, high).
    const filed = await file({
      subject: {
        kind: 'content',
        contentRef: 'model-only',
        snapshot: { text: '宝妈在家就能做，手机点赞一单3元，日结不压款' },
      },
      category: 'other',
    });
    const screening = filed['screening'] as Json;
    assert.deepEqual(screening['matches'], []);
    assert.ok((screening['categories'] as string[]).includes('fraud'));
    assert.equal(filed['priority'], 'high', 'other is low; a high-severity fraud finding makes it high');
    const scores = screening['scores'] as Record<string, number>;
    assert.ok(scores['fraud']! >= 0.9, 'the screening keeps the model scores');
    assert.ok((screening['signals'] as Json[]).some((s) => s['category'] === 'fraud'));
  });

  test('the queue puts csam, grooming and self-harm first, then by priority, then oldest first', async () => {
    const opened: Record<string, string> = {};
    const report = async (name: string, patch: Json): Promise<void> => {
      now += 1000;
      const filed = await file({
        subject: { kind: 'content', contentRef: `order-${name}`, snapshot: { text: '一段普通的文字' } },
        ...patch,
      });
      opened[name] = String(filed['caseId']);
    };
    await report('vulgar', { category: 'vulgar' });
    await report('fraud', { category: 'fraud' });
    await report('self_harm', { category: 'self_harm' });
    await report('gambling', { category: 'gambling' });
    await report('fraud-minor', { category: 'fraud', reporterRole: 'minor' });
    await report('csam', { category: 'csam' });
    await report('other', { category: 'other' });
    await report('grooming', { category: 'grooming', reporterRole: 'guardian' });
    await report('other-but-engine', {
      category: 'other',
      subject: { kind: 'content', contentRef: 'order-engine', snapshot: { text: '想賭＊博的加我' } },
    });
    const answer = await call('/v1/cases?limit=500', { key: keys['review']! });
    const names = Object.fromEntries(Object.entries(opened).map(([n, id]) => [id, n]));
    const order = (answer.body['cases'] as Json[]).map((c) => names[String(c['id'])]).filter((n) => n !== undefined);
    assert.deepEqual(order, [
      'self_harm',
      'csam',
      'grooming',
      'other-but-engine',
      'gambling',
      'fraud-minor',
      'fraud',
      'vulgar',
      'other',
    ]);
    const critical = await call('/v1/cases?priority=critical&category=csam', { key: keys['review']! });
    assert.deepEqual(
      (critical.body['cases'] as Json[]).map((c) => c['id']),
      [opened['csam']],
    );
    const bad = await call('/v1/cases?priority=p0&status=open,nope', { key: keys['review']! });
    assert.equal(codeOf(bad), 'validation_failed');
    assert.deepEqual(pathsOf(bad).sort(), ['priority', 'status']);
  });

  test('SLA: due times by priority from the configuration, breaches against the clock, listed and kept once late', async () => {
    const start = now;
    const critical = await file({
      subject: { kind: 'content', contentRef: 'sla-critical', snapshot: { text: '甲' } },
      category: 'self_harm',
    });
    const normal = await file({
      subject: { kind: 'content', contentRef: 'sla-normal', snapshot: { text: '乙' } },
      category: 'fraud',
    });
    const criticalId = String(critical['caseId']);
    const normalId = String(normal['caseId']);
    const queueCase = async (id: string): Promise<Json> => {
      const all = await call('/v1/cases?limit=500&status=open,in_review,appealed,actioned,dismissed', {
        key: keys['review']!,
      });
      return (all.body['cases'] as Json[]).find((c) => c['id'] === id)!;
    };
    assert.equal((await queueCase(criticalId))['dueAt'], new Date(start + 30 * MINUTE).toISOString());
    assert.equal((await queueCase(normalId))['dueAt'], new Date(start + 72 * 60 * MINUTE).toISOString());

    now = start + 30 * MINUTE;
    assert.equal((await queueCase(criticalId))['slaBreached'], false, 'due, not yet late');
    now = start + 30 * MINUTE + 1;
    assert.equal((await queueCase(criticalId))['slaBreached'], true);
    const breached = await call('/v1/cases?slaBreached=true&limit=500', { key: keys['review']! });
    const ids = (breached.body['cases'] as Json[]).map((c) => c['id']);
    assert.ok(ids.includes(criticalId));
    assert.ok(!ids.includes(normalId));

    now = start + 40 * MINUTE;
    await act(criticalId, { type: 'action', action: 'takedown', reason: 'self-harm instructions' });
    await act(normalId, { type: 'action', action: 'warn', reason: 'first time' });
    now = start + 100 * 60 * MINUTE;
    const late = await queueCase(criticalId);
    assert.equal(late['slaBreached'], true, 'answered late stays a breach');
    assert.equal(late['dueAt'], null);
    assert.equal((await queueCase(normalId))['slaBreached'], false, 'answered in time is no breach, however long ago');
    const listed = await listSlaBreaches(server.deps.store.db, { tenantId: 'acme', now });
    assert.ok(listed.some((c) => c.id === criticalId));
    assert.ok(!listed.some((c) => c.id === normalId));
  });

  test('claim, assign, notes, actions and the reporter’s view of them', async () => {
    const filed = await file({ subject: { kind: 'user', userRef: 'user-claim' }, category: 'abuse' });
    const caseId = String(filed['caseId']);
    const claimed = await act(caseId, { type: 'claim' });
    assert.equal((claimed.body['case'] as Json)['status'], 'in_review');
    assert.match(String((claimed.body['case'] as Json)['assignee']), /^key:/);
    assert.equal((await act(caseId, { type: 'claim' })).body['event'], null, 'claiming your own case again is a no-op');
    assert.equal(codeOf(await act(caseId, { type: 'claim' }, keys['beta'])), 'not_found', 'other tenants see nothing');
    const assigned = await act(caseId, { type: 'assign', assignee: 'user:li' });
    assert.equal((assigned.body['case'] as Json)['assignee'], 'user:li');
    assert.equal(codeOf(await act(caseId, { type: 'claim' })), 'conflict', 'assigned to someone else');
    const mine = await call('/v1/cases?assignee=user:li', { key: keys['review']! });
    assert.deepEqual(
      (mine.body['cases'] as Json[]).map((c) => c['id']),
      [caseId],
    );
    await act(caseId, { type: 'note', text: '内部：已联系平台', visibility: 'internal' });
    await act(caseId, { type: 'note', text: '我们正在处理', visibility: 'reporter' });
    assert.equal(codeOf(await act(caseId, { type: 'note', text: '', visibility: 'internal' })), 'validation_failed');
    assert.equal(codeOf(await act(caseId, { type: 'delete' })), 'validation_failed');
    assert.equal(
      codeOf(await act(caseId, { type: 'action', action: 'warn', reason: 'x', durationHours: 3 })),
      'validation_failed',
    );
    const warned = await act(caseId, {
      type: 'action',
      action: 'suspend',
      reason: 'repeated abuse',
      durationHours: 72,
      reporterMessage: '该用户已被暂停使用',
    });
    assert.equal((warned.body['case'] as Json)['status'], 'actioned');
    assert.equal(codeOf(await act(caseId, { type: 'claim' })), 'conflict', 'a closed case cannot be claimed');
    assert.equal(
      codeOf(await act(caseId, { type: 'action', action: 'dismiss', reason: 'x' })),
      'conflict',
      'no dismissal while actions are in force',
    );
    assert.equal(codeOf(await act(caseId, { type: 'action', action: 'suspend', reason: 'x' })), 'conflict');

    const status = await call(`/v1/reports/status/${String(filed['trackingCode'])}`);
    assert.equal(status.body['status'], 'resolved');
    assert.equal(status.body['outcome'], 'action_taken');
    assert.deepEqual(
      (status.body['messages'] as Json[]).map((m) => m['text']),
      ['我们正在处理', '该用户已被暂停使用'],
      'internal notes never reach the reporter',
    );

    const detail = await call(`/v1/cases/${caseId}`, { key: keys['review']! });
    const types = (detail.body['events'] as Json[]).map((e) => e['type']);
    assert.deepEqual(types, ['report_added', 'claimed', 'assigned', 'note', 'note', 'action']);
    const events = await loadCaseEvents(server.deps.store.db, caseId);
    const row = (await getCase(server.deps.store.db, 'acme', caseId, now))!.case;
    const derived = deriveCaseState(events);
    assert.equal(row.status, derived.status, 'the stored status is the one derived from the events');
    assert.equal(row.assignee, derived.assignee);
    assert.deepEqual(
      await loadCaseState(server.deps.store.db, caseId),
      derived,
      'the state advanced one event at a time is the replay of all events',
    );
  });

  test('appeals by the subject and reversal of actions', async () => {
    const filed = await file({ subject: { kind: 'content', contentRef: 'post-appeal', snapshot: { text: '丙' } } });
    const caseId = String(filed['caseId']);
    const appeal = (text = '我没有违规') =>
      call(`/v1/cases/${caseId}/appeals`, { key: keys['report']!, body: { text } });
    assert.equal(codeOf(await appeal()), 'conflict', 'nothing to appeal before an action');

    const takedown = await act(caseId, { type: 'action', action: 'takedown', reason: 'abuse' });
    const takedownId = Number((takedown.body['event'] as Json)['id']);
    await act(caseId, { type: 'action', action: 'label', reason: 'abuse', label: '不友善' });
    const filedAppeal = await appeal();
    assert.equal(filedAppeal.status, 201, JSON.stringify(filedAppeal.body));
    const appealed = filedAppeal.body['case'] as Json;
    assert.equal(appealed['status'], 'appealed');
    assert.equal(appealed['dueAt'], new Date(now + server.deps.config.reportSla.normal).toISOString());
    assert.equal(codeOf(await appeal()), 'conflict', 'one pending appeal at a time');
    assert.equal(codeOf(await appeal('')), 'validation_failed');
    const queue = await call('/v1/cases?status=appealed', { key: keys['review']! });
    assert.ok(
      (queue.body['cases'] as Json[]).some((c) => c['id'] === caseId),
      'an appeal is back in the queue',
    );
    const reporter = await call(`/v1/reports/status/${String(filed['trackingCode'])}`);
    assert.equal(reporter.body['status'], 'in_review');

    const rejected = await act(caseId, { type: 'appeal_rejected', reason: '证据充分' });
    assert.equal((rejected.body['case'] as Json)['status'], 'actioned');
    assert.equal(codeOf(await act(caseId, { type: 'appeal_rejected', reason: 'again' })), 'conflict');

    await appeal('第二次申诉');
    const reversed = await act(caseId, { type: 'reversal', actionEventId: takedownId, reason: '申诉成立' });
    assert.equal(reversed.status, 200, JSON.stringify(reversed.body));
    assert.equal((reversed.body['case'] as Json)['status'], 'actioned', 'the label is still in force');
    assert.equal(
      codeOf(await act(caseId, { type: 'reversal', actionEventId: takedownId, reason: 'again' })),
      'conflict',
      'a reversed action cannot be reversed again',
    );
    assert.equal(codeOf(await act(caseId, { type: 'reversal', actionEventId: 999_999, reason: 'x' })), 'not_found');
    const detail = await call(`/v1/cases/${caseId}`, { key: keys['review']! });
    const labelId = (detail.body['activeActions'] as Json[]).find((a) => a['action'] === 'label')!['eventId'];
    const all = await act(caseId, { type: 'reversal', actionEventId: labelId, reason: '一并撤销' });
    assert.equal((all.body['case'] as Json)['status'], 'reversed');
    const status = await call(`/v1/reports/status/${String(filed['trackingCode'])}`);
    assert.equal(status.body['outcome'], 'action_reversed');
    assert.equal(codeOf(await appeal()), 'conflict', 'nothing left to appeal');
    const dismissed = await act(caseId, { type: 'action', action: 'dismiss', reason: '无违规' });
    assert.equal((dismissed.body['case'] as Json)['status'], 'dismissed');
  });

  test('every read of a case is in the access log', async () => {
    const filed = await file({ subject: { kind: 'user', userRef: 'user-viewed' }, reporterRole: 'minor' });
    const caseId = String(filed['caseId']);
    now += 1000;
    await call(`/v1/cases/${caseId}`, { key: keys['review']! });
    now += 1000;
    await call(`/v1/cases/${caseId}/export`, { key: keys['review']! });
    const views = await listCaseViews(server.deps.store.db, { tenantId: 'acme', caseId });
    assert.equal(views.length, 2);
    assert.ok(views.every((v) => v.minorInvolved && v.actor.startsWith('key:')));
    assert.deepEqual(
      views.map((v) => v.viewedAt),
      [now, now - 1000],
    );
    assert.equal(codeOf(await call(`/v1/cases/${caseId}`, { key: keys['beta']! })), 'not_found');
  });

  test('statistics: by category and channel, time to first action p50/p90, SLA breaches, outcomes', async () => {
    const from = now + 1;
    now += 10_000;
    const stamps: string[] = [];
    for (let i = 1; i <= 10; i++) {
      const filed = await file({
        subject: { kind: 'content', contentRef: `stats-${i}`, snapshot: { text: '丁' } },
        category: i <= 3 ? 'fraud' : 'vulgar',
      });
      const t = now;
      now += i * MINUTE;
      await act(String(filed['caseId']), { type: 'action', action: i === 10 ? 'dismiss' : 'warn', reason: 'r' });
      now = t + 1;
      stamps.push(String(filed['caseId']));
    }
    await fileReport(
      server.deps.store.db,
      {
        tenantId: 'acme',
        channel: 'public',
        subject: { kind: 'user', userRef: 'stats-public' },
        category: 'fraud',
        reporterRole: 'minor',
        anonymous: true,
      },
      { now, sla: server.deps.config.reportSla, screen: takeNothing },
    );
    now += 100 * 60 * MINUTE;
    const stats = await call(
      `/v1/reports/stats?from=${new Date(from).toISOString()}&to=${new Date(now).toISOString()}`,
      { key: keys['review']! },
    );
    assert.equal(stats.status, 200, JSON.stringify(stats.body));
    const reports = stats.body['reports'] as Json;
    assert.equal(reports['total'], 11);
    assert.deepEqual(reports['byCategory'], { fraud: 4, vulgar: 7 });
    assert.deepEqual(reports['byChannel'], { api: 10, public: 1 });
    assert.deepEqual(stats.body['timeToFirstAction'], { count: 10, p50Ms: 5 * MINUTE, p90Ms: 9 * MINUTE });
    const cases = stats.body['cases'] as Json;
    assert.equal((cases['byStatus'] as Json)['actioned'], 9);
    assert.equal((cases['byStatus'] as Json)['dismissed'], 1);
    assert.equal((cases['byStatus'] as Json)['open'], 1);
    assert.equal((stats.body['actions'] as Json)['warn'], 9);
    assert.deepEqual(stats.body['slaBreaches'], {
      total: 1,
      byPriority: { critical: 0, urgent: 0, high: 1, normal: 0, low: 0 },
    });
    assert.equal((stats.body['sla'] as Json)['critical'], 30);
    assert.equal(
      codeOf(
        await call('/v1/reports/stats?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', { key: keys['review']! }),
      ),
      'validation_failed',
    );
    assert.equal(codeOf(await call('/v1/reports/stats', { key: keys['report']! })), 'forbidden');
  });

  test('the public channel is limited per client address', async () => {
    const deps = server.deps;
    // PUBLIC_REPORTS_PER_HOUR=12: bursts of 3, then one every five minutes.
    for (let i = 0; i < 3; i++) await takePublicToken(deps, 'file', '203.0.113.7');
    await assert.rejects(
      () => takePublicToken(deps, 'file', '203.0.113.7'),
      (error: { code: string; details: { path: string; message: string }[] }) =>
        error.code === 'rate_limited' && /^retry after (29\d|300) s$/.test(error.details[0]?.message ?? ''),
    );
    await takePublicToken(deps, 'file', '203.0.113.8');
    await takePublicToken(deps, 'status', '203.0.113.7');
  });

  test('status look-ups are limited per address and answered 429 with Retry-After', async () => {
    let limited: Answer | undefined;
    for (let i = 0; i < 30 && limited === undefined; i++) {
      const answer = await call('/v1/reports/status/aaaaa-bbbbb-ccccc-ddddd');
      if (answer.status === 429) limited = answer;
    }
    assert.ok(limited !== undefined, 'the limit was reached');
    assert.equal(codeOf(limited), 'rate_limited');
    const wait = Number(limited.headers.get('retry-after'));
    assert.ok(wait >= 1);
    // Past the wait it named, the address may look again.
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    assert.equal((await call('/v1/reports/status/aaaaa-bbbbb-ccccc-ddddd')).status, 404);
  });

  test('concurrent reports on one subject make one case and one unforked evidence chain', async () => {
    const before = await verifyEvidenceChain(server.deps.store.db);
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        call('/v1/reports', {
          key: keys['report']!,
          body: reportBody({ subject: { kind: 'content', contentRef: 'post-burst', snapshot: { text: `第${i}条` } } }),
        }),
      ),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      answers.map(() => 201),
    );
    assert.equal(new Set(answers.map((a) => a.body['caseId'])).size, 1);
    const seqs = answers.map((a) => (a.body['evidence'] as Json)['seq'] as number).sort((x, y) => x - y);
    assert.deepEqual(
      seqs,
      Array.from({ length: 24 }, (_, i) => before.headSeq + 1 + i),
    );
    const after = await verifyEvidenceChain(server.deps.store.db);
    assert.equal(after.ok, true, JSON.stringify(after.problems));
    const detail = await getCase(server.deps.store.db, 'acme', String(answers[0]!.body['caseId']), now);
    assert.equal(detail?.case.reportCount, 24);
  });

  test('the platform gets report.status_changed on intake and on every status change, committed with the change', async () => {
    const received: Json[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.push(JSON.parse(body) as Json);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      await createWebhook(server.deps.store.db, { tenantId: 'beta', url, eventTypes: ['report.status_changed'] }, now);
      const filed = await file({ subject: { kind: 'user', userRef: 'user-hooked' } }, keys['beta']);
      const caseId = String(filed['caseId']);
      await act(caseId, { type: 'claim' }, keys['beta']);
      await act(caseId, { type: 'note', text: '无状态变化', visibility: 'internal' }, keys['beta']);
      await act(caseId, { type: 'action', action: 'takedown', reason: 'abuse' }, keys['beta']);
      const deadline = Date.now() + 10_000;
      while (received.length < 3 && Date.now() < deadline) {
        await server.deps.webhooks.runOnce();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const changes = received
        .map((r) => r['data'] as Json)
        .sort((a, b) => String(a['changedAt']).localeCompare(String(b['changedAt'])));
      assert.deepEqual(
        changes.map((d) => [d['previousCaseStatus'], d['caseStatus'], d['status'], d['outcome']]),
        [
          [null, 'open', 'received', null],
          ['open', 'in_review', 'in_review', null],
          ['in_review', 'actioned', 'resolved', 'action_taken'],
        ],
      );
      assert.ok(changes.every((d) => d['reportId'] === filed['id'] && d['caseId'] === caseId));
      assert.ok(received.every((r) => r['type'] === 'report.status_changed' && r['tenantId'] === 'beta'));
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  test('SLA and public-channel settings come from the environment, and a bad value is named', () => {
    const config = loadConfig({ SLA_LOW_MINUTES: '90', PUBLIC_REPORT_TENANT: 'acme' });
    assert.equal(config.reportSla.low, 90 * MINUTE);
    assert.equal(config.reportSla.critical, 60 * MINUTE, 'the default');
    assert.equal(config.publicReportTenant, 'acme');
    assert.throws(
      () => loadConfig({ SLA_URGENT_MINUTES: 'soon', PUBLIC_REPORTS_PER_HOUR: '0' }),
      (error: { code: string; details: { path: string }[] }) =>
        error.code === 'config_invalid' &&
        error.details.map((d) => d.path).join() === 'SLA_URGENT_MINUTES,PUBLIC_REPORTS_PER_HOUR',
    );
  });

  test('the OpenAPI document lists the reports API', async () => {
    const doc = await call('/v1/openapi.json');
    const paths = doc.body['paths'] as Json;
    for (const path of [
      '/v1/reports',
      '/v1/reports/status/{code}',
      '/v1/reports/stats',
      '/v1/cases',
      '/v1/cases/{id}',
      '/v1/cases/{id}/events',
      '/v1/cases/{id}/appeals',
      '/v1/cases/{id}/export',
    ]) {
      assert.ok(path in paths, path);
    }
    const status = (paths['/v1/reports/status/{code}'] as Json)['get'] as Json;
    assert.deepEqual(status['security'], []);
  });
});

function takeNothing(): {
  verdict: { action: 'allow'; flagged: false; categories: []; matches: [] };
  lexiconVersion: number;
} {
  return { verdict: { action: 'allow', flagged: false, categories: [], matches: [] }, lexiconVersion: 0 };
}
