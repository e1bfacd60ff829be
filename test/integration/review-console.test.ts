import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiKey, createTenant } from '../../src/store/index.js';
import type { Visitor } from './console-support.js';
import { ADMIN, setUpAdmin, signedIn, startTestServer, testDatabases, type TestServer } from './console-support.js';

const HOUR = 3_600_000;
const MOD = { username: 'mod', password: 'moderator password 1' };
const MOD2 = { username: 'mod2', password: 'moderator password 2' };

interface Filed {
  readonly caseId: string;
  readonly trackingCode: string;
  readonly priority: string;
}

/** The case ids listed on a queue page, in order. */
function queueIds(body: string): string[] {
  return [...body.matchAll(/data-case="([^"]+)"/g)].map((m) => m[1] ?? '');
}

for (const database of testDatabases()) {
  describe(
    `review console on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: TestServer;
      let token: string;
      let mod: Visitor;
      let mod2: Visitor;
      const cases: Record<'grooming' | 'fraud' | 'vulgar', Filed> = {} as never;

      /** Files a report the way a platform does, through POST /v1/reports. */
      const file = async (body: Record<string, unknown>): Promise<Filed> => {
        const res = await fetch(`${server.url}/v1/reports`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const json = (await res.json()) as Filed;
        assert.equal(res.status, 201, JSON.stringify(json));
        return json;
      };

      before(async () => {
        server = await startTestServer(database);
        const db = server.server.deps.store.db;
        await createTenant(db, { id: 'demo', name: 'Demo' }, server.now());
        token = (await createApiKey(db, { tenantId: 'demo', scopes: ['report'] }, server.now())).token;
        await setUpAdmin(server);
        const admin = await signedIn(server, ADMIN);
        for (const user of [MOD, MOD2]) {
          await admin.get('/console/users');
          assert.equal((await admin.post('/console/users', { ...user, role: 'moderator' })).status, 303);
        }
        cases.vulgar = await file({
          subject: {
            kind: 'content',
            contentRef: 'post:1',
            snapshot: { text: '<img src=x onerror=alert(1)> 低俗段子' },
          },
          category: 'vulgar',
          reporterRole: 'other',
        });
        server.advance(60_000);
        cases.fraud = await file({
          subject: { kind: 'user', userRef: 'scammer_9' },
          category: 'fraud',
          reporterRole: 'other',
          description: '刷单返利',
        });
        server.advance(60_000);
        cases.grooming = await file({
          subject: {
            kind: 'conversation',
            offenderRef: 'uncle_1',
            messages: [{ from: 'uncle_1', text: '别告诉你爸妈，我们加个微信单独聊' }],
          },
          category: 'grooming',
          reporterRole: 'minor',
        });
        mod = await signedIn(server, MOD);
        mod2 = await signedIn(server, MOD2);
      });
      after(() => server?.close());

      test('the queue puts the most urgent first and filters by category and priority', async () => {
        const all = queueIds((await mod.get('/console/review')).body);
        assert.deepEqual(all, [cases.grooming.caseId, cases.fraud.caseId, cases.vulgar.caseId]);
        assert.equal(cases.grooming.priority, 'critical');
        assert.deepEqual(queueIds((await mod.get('/console/review?category=fraud')).body), [cases.fraud.caseId]);
        assert.deepEqual(queueIds((await mod.get('/console/review?priority=critical')).body), [cases.grooming.caseId]);
        const none = await mod.get('/console/review?category=drugs');
        assert.match(none.body, /没有符合条件的案件/);
      });

      test('claiming: the queue filters by assignee, and a case someone else holds cannot be claimed', async () => {
        await mod.get('/console/review');
        assert.equal((await mod.post(`/console/review/cases/${cases.grooming.caseId}/claim`, {})).status, 303);
        assert.deepEqual(queueIds((await mod.get('/console/review?assignee=me')).body), [cases.grooming.caseId]);
        assert.deepEqual(queueIds((await mod2.get('/console/review?assignee=me')).body), []);
        assert.deepEqual(queueIds((await mod2.get('/console/review?assignee=none')).body), [
          cases.fraud.caseId,
          cases.vulgar.caseId,
        ]);
        await mod2.get(`/console/review/cases/${cases.grooming.caseId}`);
        const taken = await mod2.post(`/console/review/cases/${cases.grooming.caseId}/claim`, {});
        assert.equal(taken.status, 409);
        assert.match(taken.body, /user:mod/);
        const page = await mod.get(`/console/review/cases/${cases.grooming.caseId}`);
        assert.match(page.body, /id="case-assignee">\s*mod\s*</);
      });

      test('a case can be assigned to another moderator and released', async () => {
        await mod.get(`/console/review/cases/${cases.fraud.caseId}`);
        const assigned = await mod.post(`/console/review/cases/${cases.fraud.caseId}/assign`, {
          assignee: MOD2.username,
        });
        assert.equal(assigned.status, 303);
        assert.deepEqual(queueIds((await mod2.get('/console/review?assignee=me')).body), [cases.fraud.caseId]);
        await mod2.get(`/console/review/cases/${cases.fraud.caseId}`);
        assert.equal((await mod2.post(`/console/review/cases/${cases.fraud.caseId}/unassign`, {})).status, 303);
        assert.deepEqual(queueIds((await mod2.get('/console/review?assignee=me')).body), []);
      });

      test('with the clock moved on, the age filter and the deadline filter find the late case', async () => {
        assert.deepEqual(queueIds((await mod.get('/console/review?breached=1')).body), []);
        assert.deepEqual(queueIds((await mod.get('/console/review?age=hour')).body), []);
        // Seventy minutes: past the critical deadline, within the console's two idle hours.
        server.advance(70 * 60_000);
        // Critical cases are due within an hour; the fraud and vulgar cases have days.
        const late = await mod.get('/console/review?breached=1');
        assert.deepEqual(queueIds(late.body), [cases.grooming.caseId]);
        assert.match(late.body, /已超时/);
        assert.equal(queueIds((await mod.get('/console/review?age=hour')).body).length, 3);
        assert.deepEqual(queueIds((await mod.get('/console/review?age=day')).body), []);
      });

      test('reported text is escaped on the case page and the engine’s matches are marked', async () => {
        const page = await mod.get(`/console/review/cases/${cases.vulgar.caseId}`);
        assert.equal(page.status, 200);
        assert.doesNotMatch(page.body, /<img src=x/);
        assert.match(page.body, /&lt;img src=x onerror=alert\(1\)&gt;/);
        assert.match(page.body, /data-evidence="ok"/, 'the snapshot still hashes to what was stored');
        assert.doesNotMatch(page.body, /data-evidence="bad"/);
        const grooming = await mod.get(`/console/review/cases/${cases.grooming.caseId}`);
        assert.match(grooming.body, /<mark class="hit/);
        assert.doesNotMatch(
          grooming.body,
          /class="reveal"/,
          'grooming text is not blurred: it is not sexual or violent',
        );
      });

      test('an action, the subject’s appeal, upholding it, and the whole history in order', async () => {
        const id = cases.fraud.caseId;
        await mod.get(`/console/review/cases/${id}`);
        const warned = await mod.post(`/console/review/cases/${id}/action`, {
          action: 'warn',
          reason: '刷单诈骗',
          reporterMessage: '',
          durationHours: '',
          label: '',
        });
        assert.equal(warned.status, 303);
        await mod.get(`/console/review/cases/${id}`);
        const again = await mod.post(`/console/review/cases/${id}/action`, {
          action: 'warn',
          reason: '再次警告',
          reporterMessage: '',
          durationHours: '',
          label: '',
        });
        assert.equal(again.status, 409, 'the same action twice is a conflict');
        const suspended = await mod.post(`/console/review/cases/${id}/action`, {
          action: 'suspend',
          reason: '多次刷单',
          reporterMessage: '',
          durationHours: '72',
          label: '',
        });
        assert.equal(suspended.status, 303);
        await mod.get(`/console/review/cases/${id}`);
        const appealed = await mod.post(`/console/review/cases/${id}/appeal`, { text: '我没有刷单，是误会' });
        assert.equal(appealed.status, 303);
        assert.ok(
          queueIds((await mod.get('/console/review')).body).includes(id),
          'an appealed case is back in the queue',
        );
        const page = await mod.get(`/console/review/cases/${id}`);
        assert.match(page.body, /id="reject-appeal-form"/);
        const upheld = await mod.post(`/console/review/cases/${id}/reject-appeal`, { reason: '证据充分' });
        assert.equal(upheld.status, 303);
        const history = (await mod.get(`/console/review/cases/${id}`)).body;
        const events = [...history.matchAll(/data-event="([a-z_]+)"/g)].map((m) => m[1]);
        assert.deepEqual(events, [
          'report_added',
          'assigned',
          'unassigned',
          'action',
          'action',
          'appeal',
          'appeal_rejected',
        ]);
        assert.match(history, /多次刷单\s*·\s*72 h/);
        assert.match(history, /id="case-status">已处理</);
      });

      test('unknown cases and verbs are 404 pages; the English switch translates the queue', async () => {
        assert.equal((await mod.get('/console/review/cases/nope')).status, 404);
        await mod.get('/console/review');
        assert.equal((await mod.post('/console/review/cases/nope/claim', {})).status, 404);
        assert.equal((await mod.post(`/console/review/cases/${cases.vulgar.caseId}/explode`, {})).status, 404);
        const english = await mod.get('/console/review?lang=en');
        assert.match(english.body, /<h1>Review queue<\/h1>/);
        assert.match(english.body, /Critical|Urgent|Normal|Low/);
      });

      test('statistics count the API channel and the time to first action', async () => {
        const json = JSON.parse((await mod.get('/console/stats?format=json')).body) as {
          reports: { total: number; byChannel: Record<string, number> };
          timeToFirstAction: { count: number; p50Ms: number | null };
        };
        assert.equal(json.reports.total, 3);
        assert.equal(json.reports.byChannel['api'], 3);
        assert.equal(json.timeToFirstAction.count, 1);
        assert.ok((json.timeToFirstAction.p50Ms ?? 0) >= HOUR);
        const page = await mod.get('/console/stats?lang=zh');
        assert.match(page.body, /平台接口/);
        assert.match(page.body, /id="stats-total">3</);
      });
    },
  );
}
