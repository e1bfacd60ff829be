import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OUTBOX_RETRY, listGuardianNotifications } from '../../src/store/index.js';
import { type Visitor, testDatabases } from './console-support.js';
import { callApi, guardianWithChild, startPortalServer, type PortalServer } from './guardian-portal-support.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

const DAD = { identifier: '13800138123', displayName: '爸爸', password: 'notify portal password' };
const LURE = '加我微信 abc12345，我们私聊，别告诉你爸妈';
const SELF_HARM = '我教你自杀方法，割腕';

for (const database of testDatabases()) {
  describe(
    `guardians' notifications on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: PortalServer;
      let sink: SmtpSink;
      let dad: Visitor;
      let guardianId = '';
      let minorId = '';

      const say = async (text: string): Promise<void> => {
        server.advance(60_000);
        const moderated = await callApi(server.url, 'POST', '/v1/moderate', {
          body: { text, surface: 'chat', targetRef: 'kid-n', userRef: 'stranger' },
          key: server.youthKey,
        });
        assert.equal(moderated.status, 200, JSON.stringify(moderated.body));
      };
      const dispatch = () => server.server.deps.notifications.runOnce();
      const notifications = () => listGuardianNotifications(server.server.deps.store.db, { guardianId });
      const choose = (fields: Record<string, string | readonly string[]>) =>
        dad.get('/guardian/notifications').then(() => dad.post('/guardian/notifications', fields));

      before(async () => {
        sink = await startSmtpSink();
        server = await startPortalServer(database, undefined, {
          SMTP_URL: sink.url,
          SMTP_FROM: '清朗 <alerts@qinglang.test>',
          WEBHOOK_POLL_SECONDS: '3600',
        });
        ({ guardian: dad, minorId } = await guardianWithChild(server, DAD, 'kid-n'));
        const row = await server.server.deps.store.db
          .selectFrom('guardians')
          .select('id')
          .where('identifier', '=', DAD.identifier)
          .executeTakeFirstOrThrow();
        guardianId = row.id;
      });
      after(async () => {
        await server?.close();
        await sink?.close();
      });

      test('by default an alert goes to the account’s phone through the platform’s sender, with a link to it', async () => {
        await say(LURE);
        await dispatch();
        const [message] = server.alertMessages;
        assert.ok(message, 'the notifier was asked to send the alert');
        assert.equal(message.identifier, DAD.identifier);
        assert.deepEqual(message.categories, ['contact_offplatform', 'grooming']);
        assert.match(message.url, /\/guardian\/alerts\/alr_/);
        assert.match(
          message.text,
          /^【清朗】安全提醒：kid-n 可能遇到：站外引流、诱导接触（隔空猥亵）。请打开家长端查看：http/,
        );
        assert.match(message.text, /\nQinglang safety alert: kid-n/);
        assert.equal(sink.mails.length, 0, 'no e-mail was chosen');
        const [sent] = await notifications();
        assert.equal(sent?.status, 'delivered');
        const page = await dad.get('/guardian/notifications');
        assert.match(page.body, /已送达/);
      });

      test('the guardian chooses e-mail in the portal, and an alert arrives at the mail server in both languages', async () => {
        const saved = await choose({
          channel: ['email'],
          email: ' Dad@Example.COM ',
          kind: ['grooming', 'contact_offplatform', 'fraud', 'self_harm'],
        });
        assert.equal(saved.status, 303);
        assert.equal(saved.location, '/guardian/notifications?done=saved');
        const page = await dad.get(saved.location ?? '');
        assert.match(page.body, /通知设置已保存/);
        assert.match(page.body, /value="dad@example.com"/);
        const before = server.alertMessages.length;
        // kid-n is 12–16, counted as under 14: e-mail (a third-party mail service) waits for the guardian's consent.
        await say(LURE);
        await dispatch();
        assert.equal(sink.mails.length, 0, 'no e-mail without the email_alerts consent');
        await dad.get(`/guardian/minors/${minorId}/privacy`);
        const consented = await dad.post(`/guardian/minors/${minorId}/privacy/consents`, {
          purpose: 'email_alerts',
          do: 'give',
        });
        assert.equal(consented.status, 303);
        await say(LURE);
        await dispatch();
        assert.equal(server.alertMessages.length, before, 'the phone message was turned off');
        const [mail] = sink.mails;
        assert.ok(mail, 'the mail server received the alert');
        assert.deepEqual(mail.to, ['dad@example.com']);
        assert.equal(mail.from, 'alerts@qinglang.test');
        assert.match(
          mail.subject,
          /^清朗安全提醒：kid-n（站外引流、诱导接触（隔空猥亵）） \/ Safety alert: kid-n \(Off-platform contact, Grooming\)$/,
        );
        assert.match(mail.text, /平台发现有人给 kid-n 发了可能有风险的消息/);
        assert.match(mail.text, /The platform found a message to kid-n/);
        assert.match(mail.text, /http:\/\/127\.0\.0\.1:\d+\/guardian\/alerts\/alr_\w+/);
      });

      test('quiet hours hold an alert until they end, but not a self-harm alert', async () => {
        // The clock is Monday 10:00 in Beijing (and a few minutes): quiet from 09:00 to 11:00.
        const saved = await choose({
          channel: ['email'],
          email: 'dad@example.com',
          kind: ['contact_offplatform', 'self_harm'],
          quiet: 'on',
          quietFrom: '09:00',
          quietTo: '11:00',
        });
        assert.equal(saved.status, 303);
        const received = sink.mails.length;
        await say(LURE);
        await dispatch();
        const [held] = await notifications();
        assert.equal(held?.status, 'pending');
        assert.equal(held?.attempts, 0);
        assert.equal(new Date(held?.nextAttemptAt ?? 0).toISOString(), '2026-03-02T03:00:00.000Z');
        assert.match((await dad.get('/guardian/notifications')).body, /等待发送（2026-03-02 11:00）/);
        await say(SELF_HARM);
        await dispatch();
        assert.equal(sink.mails.length, received + 1, 'the self-harm alert went at once');
        assert.match(sink.mails.at(-1)?.subject ?? '', /自伤自杀/);
        server.advance(3_600_000);
        await dispatch();
        assert.equal(sink.mails.length, received + 2, 'the held one went when the quiet hours ended');
      });

      test('a mail server that refuses is retried with backoff until the e-mail arrives, and the portal says so meanwhile', async () => {
        sink.refuse = true;
        const received = sink.mails.length;
        await say(LURE);
        await dispatch();
        const [pending] = await notifications();
        assert.equal(pending?.status, 'pending');
        assert.equal(pending?.attempts, 1);
        assert.ok((pending?.nextAttemptAt ?? 0) > server.now(), 'the retry waits');
        assert.match((await dad.get('/guardian/notifications')).body, /暂时没有送达，已试 1 次/);
        sink.refuse = false;
        await dispatch();
        assert.equal(sink.mails.length, received, 'nothing is sent before the retry is due');
        server.advance(OUTBOX_RETRY.baseMs);
        await dispatch();
        assert.equal(sink.mails.length, received + 1);
        assert.equal((await notifications())[0]?.status, 'delivered');
      });

      test('after the last retry the notification is marked failed, shown, and can be sent again', async () => {
        sink.refuse = true;
        const received = sink.mails.length;
        await say(LURE);
        for (let i = 0; i < OUTBOX_RETRY.maxAttempts; i++) {
          await dispatch();
          server.advance(OUTBOX_RETRY.maxMs);
        }
        const [failed] = await notifications();
        assert.equal(failed?.status, 'failed');
        assert.equal(failed?.attempts, OUTBOX_RETRY.maxAttempts);
        const page = await dad.get('/guardian/notifications');
        assert.match(page.body, new RegExp(`试了 ${OUTBOX_RETRY.maxAttempts} 次仍未送达`));
        assert.match((await dad.get('/guardian/alerts')).body, /kid-n/, 'the alert itself is still in the inbox');
        sink.refuse = false;
        const retried = await dad.post(`/guardian/notifications/${failed?.id}/retry`, {});
        assert.equal(retried.status, 303);
        await dispatch();
        assert.equal(sink.mails.length, received + 1);
        assert.equal((await notifications())[0]?.status, 'delivered');
        assert.equal((await dad.post(`/guardian/notifications/${failed?.id}/retry`, {})).status, 404);
      });

      test('only the chosen kinds notify; the alert still reaches the inbox', async () => {
        await choose({ channel: ['email'], email: 'dad@example.com', kind: ['self_harm'] });
        const received = sink.mails.length;
        const before = (await notifications()).length;
        await say(LURE);
        await dispatch();
        assert.equal(sink.mails.length, received);
        assert.equal((await notifications()).length, before);
      });

      test('a bad choice is refused with what was typed kept and a clear reason in the page’s language', async () => {
        const noEmail = await choose({ channel: ['email'], email: '', kind: ['grooming'] });
        assert.equal(noEmail.status, 400);
        assert.match(noEmail.body, /选了邮件通知，请填写邮箱/);
        const bad = await choose({
          channel: ['message'],
          email: 'not-an-address',
          kind: [],
          quiet: 'on',
          quietFrom: '22:00',
          quietTo: '22:00',
        });
        assert.equal(bad.status, 400);
        assert.match(bad.body, /邮箱格式不正确/);
        assert.match(bad.body, /请至少选择一种提醒/);
        assert.match(bad.body, /免打扰时段的开始和结束要是两个不同的时间/);
        assert.match(bad.body, /value="not-an-address"/);
        const english = await dad.post('/guardian/notifications?lang=en', { channel: ['fax'], kind: ['grooming'] });
        assert.equal(english.status, 400);
        assert.match(english.body, /One choice is not valid/);
        const page = await dad.get('/guardian/notifications');
        assert.match(page.body, /value="dad@example.com"/, 'a refused form stored nothing');
      });

      test('the guardian API reads and sets the same choices and lists the notifications', async () => {
        const session = await callApi(server.url, 'POST', '/v1/guardian/sessions', {
          body: { identifier: DAD.identifier, password: DAD.password },
        });
        assert.equal(session.status, 201, JSON.stringify(session.body));
        const key = String(session.body['token']);
        const read = await callApi(server.url, 'GET', '/v1/guardian/notifications', { key });
        assert.equal(read.status, 200, JSON.stringify(read.body));
        assert.deepEqual(read.body['channelsOffered'], ['message', 'email']);
        const recent = read.body['recent'] as { status: string; channel: string; minorRef: string }[];
        assert.ok(recent.length > 0);
        assert.ok(recent.every((n) => n.minorRef === 'kid-n' && ['delivered', 'pending', 'failed'].includes(n.status)));
        const refused = await callApi(server.url, 'PUT', '/v1/guardian/notifications/choices', {
          body: { channels: ['email', 'pigeon'], email: null, kinds: [], quietHours: { from: '7:00', to: '08:00' } },
          key,
        });
        assert.equal(refused.status, 400);
        const error = refused.body['error'] as { code: string; details: { message: string }[] };
        assert.equal(error.code, 'validation_failed');
        assert.deepEqual(
          error.details.map((d) => d.message),
          ['channel_unknown', 'kinds_empty', 'email_required', 'quiet_hours_invalid'],
        );
        const set = await callApi(server.url, 'PUT', '/v1/guardian/notifications/choices', {
          body: { channels: ['message'], email: null, kinds: ['fraud', 'grooming'], quietHours: null },
          key,
        });
        assert.equal(set.status, 200, JSON.stringify(set.body));
        assert.deepEqual(set.body, {
          channels: ['message'],
          email: null,
          kinds: ['grooming', 'fraud'],
          quietHours: null,
        });
        assert.match(
          (await dad.get('/guardian/notifications')).body,
          /<input type="checkbox" name="kind" value="fraud" checked=""\/>/,
        );
        assert.equal(
          (await callApi(server.url, 'POST', '/v1/guardian/notifications/ntf_none/retry', { key })).status,
          404,
        );
        assert.equal((await callApi(server.url, 'GET', '/v1/guardian/notifications')).status, 401);
      });
    },
  );
}
