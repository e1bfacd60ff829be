import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTenant, listCaseQueue, listCaseViews, listTenants } from '../../src/store/index.js';
import {
  ADMIN,
  Visitor,
  setUpAdmin,
  signedIn,
  startTestServer,
  testDatabases,
  type TestServer,
} from './console-support.js';

const HOUR = 3_600_000;
const MODERATOR = { username: 'mod', password: 'moderator password 1' };
const COMPLIANCE = { username: 'auditor', password: 'compliance password 1' };
// PUBLIC_REPORTS_PER_HOUR is 20 by default, with bursts of a quarter of that.
const BURST = 5;

const GOOD = {
  reporterKind: 'minor',
  category: 'grooming',
  contentText: '小妹妹加我薇信，发张照片给哥哥看看',
  contentUrl: '',
  userRef: 'stranger_42',
  description: '他一直私信我',
  contact: '',
  for: 'minor',
} as const;

/** Opens the form (for its token) and sends it; the answer of the POST. */
async function submit(visitor: Visitor, fields: Record<string, string | null>, headers: Record<string, string> = {}) {
  const form = await visitor.get('/report');
  assert.equal(form.status, 200);
  return visitor.post('/report', fields, headers);
}

for (const database of testDatabases()) {
  describe(
    `report pages on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: TestServer;
      let admin: Visitor;

      before(async () => {
        server = await startTestServer(database);
        await createTenant(server.server.deps.store.db, { id: 'demo', name: 'Demo' }, server.now());
        await setUpAdmin(server);
        admin = await signedIn(server, ADMIN);
        for (const [user, role] of [
          [MODERATOR, 'moderator'],
          [COMPLIANCE, 'compliance'],
        ] as const) {
          await admin.get('/console/users');
          assert.equal((await admin.post('/console/users', { ...user, role })).status, 303);
        }
      });
      after(() => server?.close());

      // Each test starts with a full bucket: an hour refills the per-address limit.
      const fresh = (): Visitor => {
        server.advance(HOUR);
        return new Visitor(server.url);
      };

      test('the form is Chinese first, offers the minors’ channel and switches to English', async () => {
        const visitor = fresh();
        const page = await visitor.get('/report');
        assert.equal(page.status, 200);
        assert.match(page.body, /<html lang="zh-CN">/);
        assert.match(page.body, /我是未成年人，我要举报/);
        assert.match(page.body, /<option value="grooming"/);
        assert.match(page.body, /<option value="other"/);
        assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
        const minor = await visitor.get('/report?for=minor');
        assert.match(minor.body, /这不是你的错|不是你的错/);
        assert.match(minor.body, /12355/);
        assert.match(minor.body, /value="minor"\s+checked/);
        const english = await visitor.get('/report?lang=en');
        assert.match(english.body, /Report harmful content or behaviour/);
        assert.match(english.body, /I am under 18 and want to report/);
      });

      const invalid: readonly {
        name: string;
        fields: Record<string, string>;
        expect: RegExp;
        kept?: RegExp;
      }[] = [
        { name: 'no category', fields: { category: '' }, expect: /请选择是什么问题/ },
        { name: 'an unknown category', fields: { category: 'spam' }, expect: /请选择是什么问题/ },
        { name: 'no reporter', fields: { reporterKind: '' }, expect: /请选择你是谁/ },
        {
          name: 'nothing reported at all',
          fields: { contentText: '', contentUrl: '', userRef: '', description: '  ' },
          expect: /至少填写一项/,
          kept: /value="grooming"\s*(selected|checked)/,
        },
        {
          name: 'a link that is not http(s)',
          fields: { contentUrl: 'javascript:alert(1)' },
          expect: /http:\/\/ 或 https:\/\//,
        },
        {
          name: 'a contact that is too long',
          fields: { contact: '微'.repeat(201) },
          expect: /「联系方式（可不填）」太长了，最多 200 个字/,
        },
      ];
      for (const bad of invalid) {
        test(`a form with ${bad.name} comes back 400 with the fields kept and nothing filed`, async () => {
          const visitor = fresh();
          const before = await listCaseQueue(server.server.deps.store.db, {
            tenantId: undefined,
            now: server.now(),
            status: undefined,
          });
          const answer = await submit(visitor, { ...GOOD, ...bad.fields });
          assert.equal(answer.status, 400);
          assert.match(answer.body, bad.expect);
          assert.match(answer.body, /还有几处需要修改/);
          assert.match(answer.body, bad.kept ?? /他一直私信我/, 'what was typed is kept');
          const afterwards = await listCaseQueue(server.server.deps.store.db, {
            tenantId: undefined,
            now: server.now(),
          });
          assert.equal(afterwards.length, before.length);
        });
      }

      test('typed text is escaped when the form comes back', async () => {
        const visitor = fresh();
        const answer = await submit(visitor, { ...GOOD, category: '', description: '<script>alert(1)</script>' });
        assert.equal(answer.status, 400);
        assert.doesNotMatch(answer.body, /<script>alert/);
        assert.match(answer.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      });

      const forgeries: readonly {
        name: string;
        fields: Record<string, string | null>;
        headers?: Record<string, string>;
      }[] = [
        { name: 'without the form token', fields: { _csrf: null } },
        { name: 'with a made-up token', fields: { _csrf: 'x'.repeat(43) } },
        { name: 'from another site', fields: {}, headers: { origin: 'https://evil.example' } },
        { name: 'marked cross-site by the browser', fields: {}, headers: { 'sec-fetch-site': 'cross-site' } },
      ];
      for (const forgery of forgeries) {
        test(`a report ${forgery.name} is refused with 403`, async () => {
          const visitor = fresh();
          const answer = await submit(visitor, { ...GOOD, ...forgery.fields }, forgery.headers);
          assert.equal(answer.status, 403);
          assert.match(answer.body, /表单已过期/);
        });
      }

      test('a report is filed, the tracking code leads to its status page, and a wrong code is 404', async () => {
        const visitor = fresh();
        const answer = await submit(visitor, { ...GOOD });
        assert.equal(answer.status, 303, answer.body);
        assert.match(answer.location ?? '', /^\/report\/status\/[a-z0-9-]+\?new=1$/);
        const done = await visitor.get(answer.location!);
        assert.equal(done.status, 200);
        assert.match(done.body, /举报已收到/);
        const code = /id="tracking-code">([^<]+)</.exec(done.body)?.[1] ?? '';
        assert.ok(code.length >= 20, 'the tracking code is shown');
        assert.match(done.body, /已收到，等待审核/);
        assert.match(done.body, /还在处理中/);
        // Typed in upper case with the hyphens left out, the code still works (from anyone: it is the only key).
        const other = new Visitor(server.url);
        const looked = await other.get(
          `/report/status?code=${encodeURIComponent(code.replace(/-/g, '').toUpperCase())}`,
        );
        assert.equal(looked.status, 303);
        const status = await other.get(looked.location!);
        assert.equal(status.status, 200);
        assert.match(status.body, /诱导接触/);
        const wrong = await other.get('/report/status/aaaaa-bbbbb-ccccc-ddddd');
        assert.equal(wrong.status, 404);
        assert.match(wrong.body, /没有找到这个查询码/);
        const cases = await listCaseQueue(server.server.deps.store.db, { tenantId: 'demo', now: server.now() });
        const filed = cases.find((c) => c.category === 'grooming');
        assert.ok(filed, 'the report is in the queue');
        assert.equal(filed.priority, 'critical');
        assert.equal(filed.minorInvolved, true);
      });

      test(`one address may file ${BURST} reports in a burst; the next is 429 with Retry-After and loses nothing filed`, async () => {
        const visitor = fresh();
        const codes: string[] = [];
        for (let i = 0; i < BURST; i++) {
          const answer = await submit(visitor, {
            ...GOOD,
            category: 'fraud',
            contentText: `刷单返利，私聊 ${i}`,
            for: '',
          });
          assert.equal(answer.status, 303, `report ${i + 1} of the burst`);
          codes.push(answer.location ?? '');
        }
        const refused = await submit(visitor, { ...GOOD, category: 'fraud', contentText: '刷单返利 again', for: '' });
        assert.equal(refused.status, 429);
        assert.ok(Number(refused.headers.get('retry-after')) > 0);
        assert.match(refused.body, /提交得太频繁了/);
        assert.match(refused.body, /刷单返利 again/, 'the refused form keeps what was typed');
        for (const location of codes) assert.equal((await visitor.get(location)).status, 200);
        server.advance(HOUR);
        const later = await submit(visitor, { ...GOOD, category: 'fraud', contentText: '刷单返利 later', for: '' });
        assert.equal(later.status, 303, 'the bucket refills with time');
      });

      test('the review queue needs a role that may review', async () => {
        const anonymous = new Visitor(server.url);
        const redirected = await anonymous.get('/console/review');
        assert.equal(redirected.status, 303);
        assert.match(redirected.location ?? '', /\/console\/sign-in\?next=/);
        const compliance = await signedIn(server, COMPLIANCE);
        assert.equal((await compliance.get('/console/review')).status, 403);
        const anyCase = (
          await listCaseQueue(server.server.deps.store.db, { tenantId: undefined, now: server.now() })
        )[0];
        assert.ok(anyCase);
        assert.equal((await compliance.get(`/console/review/cases/${anyCase.id}`)).status, 403);
        assert.equal((await compliance.post(`/console/review/cases/${anyCase.id}/claim`, {})).status, 403);
        assert.equal((await compliance.get('/console/stats')).status, 200, 'compliance reads the statistics');
        const moderator = await signedIn(server, MODERATOR);
        const queue = await moderator.get('/console/review');
        assert.equal(queue.status, 200);
        assert.match(queue.body, new RegExp(anyCase.id));
      });

      test('a moderator claims, notes and takes down a case; the reporter sees the outcome and only the visible note', async () => {
        const visitor = fresh();
        const filed = await submit(visitor, {
          ...GOOD,
          category: 'sexual',
          contentText: '出售成人视频资源',
          userRef: 'seller_7',
          description: '',
          for: '',
          reporterKind: 'other',
          contact: 'me@example.org',
        });
        assert.equal(filed.status, 303);
        const statusPath = filed.location!.replace('?new=1', '');
        const moderator = await signedIn(server, MODERATOR);
        const queue = await moderator.get('/console/review?category=sexual');
        const caseId = /data-case="([^"]+)"/.exec(queue.body)?.[1];
        assert.ok(caseId, 'the case is in the filtered queue');
        const page = await moderator.get(`/console/review/cases/${caseId}`);
        assert.equal(page.status, 200);
        assert.match(page.body, /class="reveal"/, 'sexual material is blurred until clicked');
        assert.match(page.body, /<mark class="hit/, 'the engine’s matches are highlighted');
        assert.match(page.body, /me@example\.org/, 'moderators see the contact');
        assert.match(page.body, /data-key="t"/, 'takedown has a shortcut');

        assert.equal((await moderator.post(`/console/review/cases/${caseId}/claim`, {})).status, 303);
        await moderator.get(`/console/review/cases/${caseId}`);
        const internal = await moderator.post(`/console/review/cases/${caseId}/note`, {
          text: '内部备注：账号疑似批量注册',
          visibility: 'internal',
        });
        assert.equal(internal.status, 303);
        await moderator.get(`/console/review/cases/${caseId}`);
        const visible = await moderator.post(`/console/review/cases/${caseId}/note`, {
          text: '谢谢举报，我们正在核实。',
          visibility: 'reporter',
        });
        assert.equal(visible.status, 303);

        await moderator.get(`/console/review/cases/${caseId}`);
        const noReason = await moderator.post(`/console/review/cases/${caseId}/action`, {
          action: 'takedown',
          reason: '',
          reporterMessage: '',
          durationHours: '',
          label: '',
        });
        assert.equal(noReason.status, 400, 'an action needs a reason');
        const taken = await moderator.post(`/console/review/cases/${caseId}/action`, {
          action: 'takedown',
          reason: '出售色情内容',
          reporterMessage: '内容已下架，谢谢你的举报。',
          durationHours: '',
          label: '',
        });
        assert.equal(taken.status, 303, taken.body);
        const after = await moderator.get(taken.location!);
        assert.match(after.body, /已记录：下架/);
        assert.match(after.body, /data-event="action"/);

        const reporter = await new Visitor(server.url).get(statusPath);
        assert.equal(reporter.status, 200);
        assert.match(reporter.body, /data-outcome="action_taken"/);
        assert.match(reporter.body, /已确认违规/);
        assert.match(reporter.body, /谢谢举报，我们正在核实。/);
        assert.match(reporter.body, /内容已下架，谢谢你的举报。/);
        assert.doesNotMatch(reporter.body, /内部备注/);
        assert.doesNotMatch(reporter.body, /user:mod|>mod</, 'moderators stay unnamed');

        const bundle = await moderator.get(`/console/review/cases/${caseId}/export`);
        assert.equal(bundle.status, 200);
        assert.match(bundle.headers.get('content-disposition') ?? '', /attachment/);
        assert.equal((JSON.parse(bundle.body) as { format: string }).format, 'qinglang-referral-bundle/1');

        // Reversal takes the outcome back on the reporter's page too.
        await moderator.get(`/console/review/cases/${caseId}`);
        const eventId = /name="actionEventId" value="(\d+)"/.exec(
          (await moderator.get(`/console/review/cases/${caseId}`)).body,
        )?.[1];
        assert.ok(eventId);
        const reversed = await moderator.post(`/console/review/cases/${caseId}/reverse`, {
          actionEventId: eventId,
          reason: '误判',
        });
        assert.equal(reversed.status, 303);
        assert.match((await new Visitor(server.url).get(statusPath)).body, /data-outcome="action_reversed"/);
      });

      test('every view of a case involving a minor is logged with who and which case', async () => {
        const db = server.server.deps.store.db;
        const minorCase = (await listCaseQueue(db, { tenantId: undefined, now: server.now() })).find(
          (c) => c.minorInvolved,
        );
        assert.ok(minorCase);
        const moderator = await signedIn(server, MODERATOR);
        const before = await listCaseViews(db, { tenantId: undefined, caseId: minorCase.id });
        const page = await moderator.get(`/console/review/cases/${minorCase.id}`);
        assert.match(page.body, /你的每次查看都会被记录/);
        await moderator.get(`/console/review/cases/${minorCase.id}`);
        const views = await listCaseViews(db, { tenantId: undefined, caseId: minorCase.id });
        assert.equal(views.length, before.length + 2);
        assert.equal(views[0]?.actor, 'user:mod');
        assert.equal(views[0]?.minorInvolved, true);
      });

      test('the statistics page and its JSON count the reports by category and channel', async () => {
        const moderator = await signedIn(server, MODERATOR);
        const page = await moderator.get('/console/stats');
        assert.equal(page.status, 200);
        assert.match(page.body, /诱导接触/);
        assert.match(page.body, /公开举报页/);
        const json = await moderator.get('/console/stats?format=json');
        const stats = JSON.parse(json.body) as { reports: { total: number; byChannel: Record<string, number> } };
        assert.ok(stats.reports.total >= 1);
        assert.equal(stats.reports.byChannel['public'], stats.reports.total);
      });
    },
  );
}

for (const database of testDatabases()) {
  describe(
    `report pages on a fresh installation, ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: TestServer;
      before(async () => {
        server = await startTestServer(database);
      });
      after(() => server?.close());

      test('with no tenant yet, the first public report creates the default tenant and is filed', async () => {
        assert.deepEqual(await listTenants(server.server.deps.store.db), []);
        const sent = await submit(new Visitor(server.url), GOOD);
        assert.equal(sent.status, 303);
        assert.match(sent.headers.get('location') ?? '', /^\/report\/status\/[^/?]+\?new=1$/);
        const tenants = await listTenants(server.server.deps.store.db);
        assert.deepEqual(
          tenants.map((t) => t.id),
          ['default'],
        );
        const queue = await listCaseQueue(server.server.deps.store.db, { tenantId: 'default', now: server.now() });
        assert.equal(queue.length, 1);
      });
    },
  );
}
