import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { maskAddress } from '../../src/server/console/pages/notifications.js';
import { OUTBOX_RETRY, listGuardianNotifications } from '../../src/store/index.js';
import { ADMIN, Visitor, testDatabases } from './console-support.js';
import { callApi, guardianWithChild, startPortalServer, type PortalServer } from './guardian-portal-support.js';

const MOM = { identifier: '13800138456', displayName: '妈妈', password: 'outbox portal password' };
const MODERATOR = { username: 'mod', password: 'moderator password 1' };
const LURE = '加我微信 abc12345，我们私聊，别告诉你爸妈';

/** Signs a console user in on the portal server (which is the whole service, console included). */
async function consoleUser(server: PortalServer, user: { username: string; password: string }): Promise<Visitor> {
  const visitor = new Visitor(server.url);
  await visitor.get('/console/sign-in');
  assert.equal((await visitor.post('/console/sign-in', user)).status, 303);
  return visitor;
}

for (const database of testDatabases()) {
  describe(
    `the console's failed notifications page on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: PortalServer;
      let admin: Visitor;
      let guardianId = '';
      const dispatch = () => server.server.deps.notifications.runOnce();
      const notifications = () => listGuardianNotifications(server.server.deps.store.db, { guardianId });

      before(async () => {
        server = await startPortalServer(database, undefined, { WEBHOOK_POLL_SECONDS: '3600' });
        const setupUrl = (server.server as unknown as { setupUrl: string }).setupUrl;
        const setup = new Visitor(server.url);
        await setup.get(setupUrl.slice(server.url.length));
        const token = new URL(setupUrl).searchParams.get('token') ?? '';
        assert.equal((await setup.post('/console/setup', { token, ...ADMIN, password2: ADMIN.password })).status, 303);
        admin = await consoleUser(server, ADMIN);
        await admin.get('/console/users');
        assert.equal((await admin.post('/console/users', { ...MODERATOR, role: 'moderator' })).status, 303);
        await guardianWithChild(server, MOM, 'kid-o');
        const row = await server.server.deps.store.db
          .selectFrom('guardians')
          .select('id')
          .where('identifier', '=', MOM.identifier)
          .executeTakeFirstOrThrow();
        guardianId = row.id;
      });
      after(() => server?.close());

      test('with nothing failed the page says so', async () => {
        const page = await admin.get('/console/notifications');
        assert.equal(page.status, 200);
        assert.match(page.body, /没有发送失败的通知/);
        assert.match(page.body, /<a href="\/console\/notifications" aria-current="page">通知失败<\/a>/);
      });

      test('a notification being retried, then given up, is listed with its error and attempts; sending it again asks first, redirects and delivers', async () => {
        server.refuseAlerts = true;
        server.advance(60_000);
        const moderated = await callApi(server.url, 'POST', '/v1/moderate', {
          body: { text: LURE, surface: 'chat', targetRef: 'kid-o', userRef: 'stranger' },
          key: server.youthKey,
        });
        assert.equal(moderated.status, 200);
        await dispatch();
        const retrying = await admin.get('/console/notifications');
        assert.match(retrying.body, /重试中，/);
        assert.match(retrying.body, /<td>1<\/td>/, 'one attempt so far');
        assert.doesNotMatch(
          retrying.body,
          /action="\/console\/notifications\/[^"]+\/retry"/,
          'nothing to send again yet',
        );

        for (let i = 1; i < OUTBOX_RETRY.maxAttempts; i++) {
          server.advance(OUTBOX_RETRY.maxMs);
          await dispatch();
        }
        const [failed] = await notifications();
        assert.equal(failed?.status, 'failed');
        // Days went by while it was retried: the console session of before has ended.
        admin = await consoleUser(server, ADMIN);
        const page = await admin.get('/console/notifications');
        assert.equal(page.status, 200);
        assert.match(page.body, /已放弃/);
        assert.match(page.body, new RegExp(`<td>${OUTBOX_RETRY.maxAttempts}</td>`));
        assert.match(page.body, /<code class="error">[^<]+<\/code>/, 'the last error is shown');
        assert.match(page.body, /kid-o/);
        assert.match(page.body, /138\*\*\*\*8456/, 'the address is masked');
        assert.doesNotMatch(page.body, new RegExp(MOM.identifier), 'the whole phone number is not listed');
        // The retry is behind a confirmation dialog (a <details>), which holds the real POST form.
        const dialog = /<details class="confirm">[\s\S]*?<\/details>/.exec(page.body)?.[0] ?? '';
        assert.match(dialog, new RegExp(`action="/console/notifications/${failed?.id ?? 'none'}/retry"`));
        assert.match(dialog, /重新发往 138\*\*\*\*8456/);

        server.refuseAlerts = false;
        const sent = server.alertMessages.length;
        const retried = await admin.post(`/console/notifications/${failed?.id ?? ''}/retry`, {});
        assert.equal(retried.status, 303, 'post-redirect-get');
        assert.equal(retried.location, '/console/notifications?done=retried');
        assert.match((await admin.get(retried.location)).body, /已重新排队发送/);
        await dispatch();
        assert.equal(server.alertMessages.length, sent + 1, 'the notification went out again');
        assert.equal((await notifications())[0]?.status, 'delivered');
        assert.match((await admin.get('/console/notifications')).body, /没有发送失败的通知/);

        const again = await admin.post(`/console/notifications/${failed?.id ?? ''}/retry`, {});
        assert.equal(again.status, 404, 'a reload of the POST sends nothing twice');
      });

      test('moderators may not see it, and a POST without the form token is refused', async () => {
        const moderator = await consoleUser(server, MODERATOR);
        assert.equal((await moderator.get('/console/notifications')).status, 403);
        assert.equal((await moderator.post('/console/notifications/ntf_x/retry', {})).status, 403);
        assert.doesNotMatch((await moderator.get('/console/review')).body, /\/console\/notifications/);
        assert.equal((await admin.post('/console/notifications/ntf_x/retry', { _csrf: 'wrong' })).status, 403);
      });

      test('addresses are masked to their first letters and domain, or a number to its ends', () => {
        assert.equal(maskAddress('dad@example.com'), 'd***@example.com');
        assert.equal(maskAddress('13800138456'), '138****8456');
        assert.equal(maskAddress('123'), '***');
      });
    },
  );
}
