import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listCaseQueue, updateTenantSettings } from '../../src/store/index.js';
import { Visitor, testDatabases } from './console-support.js';
import { callApi, startPortalServer, type PortalServer, guardianWithChild } from './guardian-portal-support.js';

const MOM = { identifier: 'alerts@example.com', displayName: '妈妈', password: 'alerts portal password' };
const LURE = '加我微信 abc12345，我们私聊，别告诉你爸妈';

for (const database of testDatabases()) {
  describe(
    `guardians' alerts on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: PortalServer;
      let mom: Visitor;

      const lure = async (userRef: string): Promise<void> => {
        server.advance(60_000);
        const moderated = await callApi(server.url, 'POST', '/v1/moderate', {
          body: { text: LURE, surface: 'chat', targetRef: 'kid-a', userRef },
          key: server.youthKey,
        });
        assert.equal(moderated.status, 200, JSON.stringify(moderated.body));
      };
      const alertIds = async (): Promise<string[]> =>
        [...(await mom.get('/guardian/alerts')).body.matchAll(/href="\/guardian\/alerts\/(alr_[^"]+)"/g)].map(
          (m) => m[1] ?? '',
        );

      before(async () => {
        server = await startPortalServer(database);
        ({ guardian: mom } = await guardianWithChild(server, MOM, 'kid-a'));
      });
      after(() => server?.close());

      test('unread alerts are counted on the home page and beside the alerts tab', async () => {
        const before = await mom.get('/guardian/minors');
        assert.doesNotMatch(before.body, /id="unread-alerts"/);
        await lure('stranger_1');
        await lure('stranger_2');
        const home = await mom.get('/guardian/minors');
        assert.match(home.body, /id="unread-alerts"[\s\S]*?你有 2 条未读的安全提醒/);
        assert.match(
          home.body,
          /<a href="\/guardian\/alerts">安全提醒<span class="badge" aria-label="2 条未读">2<\/span>/,
        );
      });

      test('an alert opens on the message and its sender, and opening it is reading it', async () => {
        const [newest] = await alertIds();
        assert.ok(newest);
        const page = await mom.get(`/guardian/alerts/${newest}`);
        assert.equal(page.status, 200);
        assert.match(page.body, /id="alert-sender">\s*stranger_2\s*</);
        assert.match(page.body, /平台没有保存这条消息的原文/, 'the platform keeps no text by default');
        assert.match(page.body, /aria-label="1 条未读">1</, 'the badge counts one fewer at once');
        await updateTenantSettings(server.server.deps.store.db, 'acme', { storeText: true });
        await lure('stranger_3');
        const [kept] = await alertIds();
        const shown = await mom.get(`/guardian/alerts/${kept}`);
        assert.match(shown.body, /<blockquote>加我微信 abc12345，我们私聊，别告诉你爸妈<\/blockquote>/);
        assert.match(shown.body, /id="alert-sender">\s*stranger_3\s*</);
        assert.equal((await mom.get('/guardian/alerts/alr_nothing')).status, 404);
      });

      test('the report button files the message for review as a guardian’s report and shows its tracking code', async () => {
        const [kept] = await alertIds();
        await mom.get(`/guardian/alerts/${kept}`);
        const reported = await mom.post(`/guardian/alerts/${kept}/report`, {});
        assert.equal(reported.status, 303);
        assert.match(reported.location ?? '', /^\/report\/status\/[a-z0-9-]+\?new=1$/);
        const status = await mom.get(reported.location ?? '');
        assert.match(status.body, /举报已收到/);
        const queue = await listCaseQueue(server.server.deps.store.db, { tenantId: 'acme', now: server.now() });
        assert.equal(queue.length, 1);
        assert.equal(queue[0]?.priority, 'critical');
        assert.equal(queue[0]?.minorInvolved, true);
      });

      test('reports from alerts have the guardian’s own limit, apart from the public form’s per address', async () => {
        // PUBLIC_REPORTS_PER_HOUR is 20: bursts of 5 for each guardian account; one report was filed above.
        const [kept] = await alertIds();
        for (let i = 0; i < 4; i++) {
          await mom.get(`/guardian/alerts/${kept}`);
          assert.equal((await mom.post(`/guardian/alerts/${kept}/report`, {})).status, 303, `report ${i + 2}`);
        }
        await mom.get(`/guardian/alerts/${kept}`);
        const refused = await mom.post(`/guardian/alerts/${kept}/report`, {});
        assert.equal(refused.status, 429);
        assert.match(refused.body, /你举报得太频繁了，请 \d+ 分钟后再试/);
        assert.ok(Number(refused.headers.get('retry-after')) > 0);
        const reporter = new Visitor(server.url);
        await reporter.get('/report');
        const filed = await reporter.post('/report', {
          reporterKind: 'guardian',
          category: 'fraud',
          description: '有人骗钱',
        });
        assert.equal(
          filed.status,
          303,
          'the public form from the same address is not held up by the guardian’s reports',
        );
      });

      test('the sender of an alert can be blocked from it, and the platform’s checks then refuse them', async () => {
        const [newest] = await alertIds();
        const page = await mom.get(`/guardian/alerts/${newest}`);
        assert.match(page.body, /屏蔽 stranger_3 后，这个人不能再看、评论、转发孩子的内容，也不能私信孩子/);
        const blocked = await mom.post(`/guardian/alerts/${newest}/block`, {});
        assert.equal(blocked.status, 303);
        assert.match((await mom.get(blocked.location ?? '')).body, /已屏蔽发送者/);
        const check = await callApi(server.url, 'POST', '/v1/youth/minors/kid-a/interactions/check', {
          body: { actorRef: 'stranger_3', relation: 'friend', action: 'message' },
          key: server.youthKey,
        });
        assert.equal((check.body['decision'] as { outcome: string }).outcome, 'deny');
        assert.equal((await mom.post('/guardian/alerts/alr_nothing/block', {})).status, 404);
      });

      test('bullying aimed at the child alerts too (the conduct tier of DESIGN.md); the same words aimed at no one do not', async () => {
        const before = (await alertIds()).length;
        const bully = (targetRef?: string) =>
          callApi(server.url, 'POST', '/v1/moderate', {
            body: {
              text: '你这个废物，滚出我们班，明天放学在校门口堵你',
              surface: 'chat',
              userRef: 'classmate_9',
              ...(targetRef === undefined ? {} : { targetRef }),
            },
            key: server.youthKey,
          });
        server.advance(60_000);
        assert.equal((await bully()).status, 200);
        assert.equal((await alertIds()).length, before, 'no target, no guardian to tell');
        server.advance(60_000);
        const aimed = await bully('kid-a');
        assert.deepEqual(aimed.body['categories'], ['abuse']);
        const ids = await alertIds();
        assert.equal(ids.length, before + 1);
        const page = await mom.get(`/guardian/alerts/${ids[0]}`);
        assert.match(page.body, /classmate_9/);
      });
    },
  );
}
