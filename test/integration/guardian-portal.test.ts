import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Visitor, testDatabases } from './console-support.js';
import {
  callApi,
  guardianAccount,
  heartbeat,
  minorWithCode,
  portalSignedIn,
  startPortalServer,
  type PortalServer,
} from './guardian-portal-support.js';

const MOM = { identifier: 'mom@example.com', displayName: '妈妈', password: 'mom portal password' };
const DAD = { identifier: '13800138000', displayName: '爸爸', password: 'dad portal password' };
const AUNT = { identifier: 'aunt@example.com', displayName: '姨妈', password: 'aunt portal password' };
const GRANDMA = { identifier: '13900139000', displayName: '奶奶' };

for (const database of testDatabases()) {
  describe(
    `guardian portal on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: PortalServer;
      let mom: Visitor;
      let minorId = '';
      let beat = 0;
      const nextBeat = (): string => `beat-${++beat}`;

      before(async () => {
        server = await startPortalServer(database);
        for (const account of [MOM, DAD, AUNT, GRANDMA]) await guardianAccount(server, account);
        mom = await portalSignedIn(server, MOM);
      });
      after(() => server?.close());

      test('the sign-in page is Chinese first, switches to English, needs no script and sends the page security headers', async () => {
        const visitor = new Visitor(server.url);
        const page = await visitor.get('/guardian/sign-in');
        assert.equal(page.status, 200);
        assert.match(page.body, /<html lang="zh-CN">/);
        assert.match(page.body, /家长登录/);
        assert.doesNotMatch(page.body, /<script/, 'the portal works without script');
        assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
        assert.equal(page.headers.get('x-frame-options'), 'DENY');
        const english = await visitor.get('/guardian/sign-in?lang=en');
        assert.match(english.body, /Parent sign-in/);
        assert.match((await visitor.get('/guardian/sign-in')).body, /Parent sign-in/, 'the choice is remembered');
        for (const name of ['console.css', 'guardian.css']) {
          const css = await visitor.get(`/guardian/assets/${name}`);
          assert.equal(css.status, 200);
          assert.match(css.headers.get('content-type') ?? '', /text\/css/);
        }
      });

      test('a wrong password is refused with a message and no session; the right one sets an HttpOnly, SameSite=Lax cookie', async () => {
        const visitor = new Visitor(server.url);
        await visitor.get('/guardian/sign-in');
        const wrong = await visitor.post('/guardian/sign-in', {
          identifier: MOM.identifier,
          password: 'not the password',
        });
        assert.equal(wrong.status, 401);
        assert.match(wrong.body, /账号或密码不正确/);
        assert.ok(!visitor.cookies.has('ql_guardian'));
        assert.equal((await visitor.get('/guardian/minors')).status, 303);
        const right = await visitor.post('/guardian/sign-in', { identifier: MOM.identifier, password: MOM.password });
        assert.equal(right.status, 303);
        assert.equal(right.location, '/guardian/minors');
        const cookie = right.headers.getSetCookie().find((line) => line.startsWith('ql_guardian='));
        assert.ok(cookie);
        assert.match(cookie, /HttpOnly/);
        assert.match(cookie, /SameSite=Lax/);
        const minors = await visitor.get('/guardian/minors');
        assert.equal(minors.status, 200);
        assert.match(minors.body, /妈妈/);
        const out = await visitor.post('/guardian/sign-out', {});
        assert.equal(out.status, 303);
        assert.equal((await visitor.get('/guardian/minors')).status, 303, 'signed out');
      });

      test('a one-time code goes through the notifier and signs in once; a wrong code and an unknown account learn nothing', async () => {
        const visitor = new Visitor(server.url);
        await visitor.get('/guardian/sign-in/code');
        const unknown = await visitor.post('/guardian/sign-in/code/send', { identifier: 'nobody@example.com' });
        assert.equal(unknown.status, 303, 'post-redirect-get: a reload does not ask for another code');
        assert.equal(unknown.location, '/guardian/sign-in/code?identifier=nobody%40example.com&done=sent');
        assert.match((await visitor.get(unknown.location ?? '')).body, /如果这个账号存在，验证码已发送/);
        assert.ok(!server.codes.has('nobody@example.com'));
        const sent = await visitor.post('/guardian/sign-in/code/send', { identifier: GRANDMA.identifier });
        assert.equal(sent.status, 303);
        const code = server.codes.get(GRANDMA.identifier);
        assert.ok(code !== undefined && /^\d{6}$/.test(code), 'the notifier was asked to send a six-digit code');
        const again = await visitor.post('/guardian/sign-in/code/send', { identifier: GRANDMA.identifier });
        assert.equal(
          again.location,
          sent.location,
          'asking again within a minute looks like any request: it tells nobody who has an account',
        );
        assert.match((await visitor.get(again.location ?? '')).body, /如果这个账号存在，验证码已发送/);
        assert.equal(server.sends.get(GRANDMA.identifier), 1, 'one code a minute: the first is still good');
        assert.equal(server.codes.get(GRANDMA.identifier), code);
        const wrong = await visitor.post('/guardian/sign-in/code', {
          identifier: GRANDMA.identifier,
          code: code === '000000' ? '111111' : '000000',
        });
        assert.equal(wrong.status, 401);
        assert.match(wrong.body, /验证码不正确或已过期/);
        const right = await visitor.post('/guardian/sign-in/code', { identifier: GRANDMA.identifier, code });
        assert.equal(right.status, 303);
        assert.match((await visitor.get('/guardian/minors')).body, /奶奶/);
        const reused = await new Visitor(server.url).post('/guardian/sign-in/code', {
          _csrf: null,
          identifier: GRANDMA.identifier,
          code,
        });
        assert.equal(reused.status, 403, 'no form token, no attempt');
      });

      test('a parent can sign up in the portal, with a password or for codes only, and every problem is named', async () => {
        const visitor = new Visitor(server.url);
        await visitor.get('/guardian/sign-up?next=/guardian/bind?code=abc');
        const bad = await visitor.post('/guardian/sign-up', {
          identifier: 'not a phone',
          displayName: '',
          password: 'short',
          next: '/guardian/bind?code=abc',
        });
        assert.equal(bad.status, 400);
        assert.match(bad.body, /请填写正确的手机号或邮箱/);
        assert.match(bad.body, /密码至少需要 10 个字符/);
        const taken = await visitor.post('/guardian/sign-up', {
          identifier: MOM.identifier,
          password: 'another long one',
        });
        assert.equal(taken.status, 409);
        assert.match(taken.body, /已经注册过了/);
        const created = await visitor.post('/guardian/sign-up', {
          identifier: 'uncle@example.com',
          displayName: '舅舅',
          password: 'uncle portal password',
          next: '/guardian/bind?code=abc',
        });
        assert.equal(created.status, 303);
        assert.equal(created.location, '/guardian/bind?code=abc', 'signed in and on the way to the binding form');
        assert.match((await visitor.get('/guardian/minors')).body, /舅舅/);
        const codesOnly = new Visitor(server.url);
        await codesOnly.get('/guardian/sign-up');
        const noPassword = await codesOnly.post('/guardian/sign-up', { identifier: '+8613700137000', password: '' });
        assert.equal(noPassword.status, 303);
        assert.match(
          noPassword.location ?? '',
          /^\/guardian\/sign-in\/code\?identifier=%2B8613700137000&done=signed_up/,
        );
        assert.match((await codesOnly.get(noPassword.location ?? '')).body, /账号已创建/);
      });

      test('every POST needs the form token, and a cross-site Origin is refused even with it', async () => {
        const missing = await mom.post('/guardian/bind', { _csrf: null, code: 'whatever' });
        assert.equal(missing.status, 403);
        assert.match(missing.body, /表单已过期或来自其他网站/);
        const wrong = await mom.post('/guardian/bind', { _csrf: 'x'.repeat(43), code: 'whatever' });
        assert.equal(wrong.status, 403);
        await mom.get('/guardian/bind');
        const crossSite = await mom.post('/guardian/bind', { code: 'whatever' }, { origin: 'https://evil.example' });
        assert.equal(crossSite.status, 403);
      });

      test('the QR link asks a signed-out guardian to sign in and comes back with the code; binding makes the first guardian primary', async () => {
        const { code, url } = await minorWithCode(server, 'kid-1');
        const link = new URL(url);
        assert.equal(link.pathname + link.search, `/guardian/bind?code=${code}`, 'the QR link opens the portal');
        const visitor = new Visitor(server.url);
        const asked = await visitor.get(`/guardian/bind?code=${code}`);
        assert.equal(asked.status, 303);
        const signInUrl = new URL(asked.location ?? '', server.url);
        assert.equal(signInUrl.pathname, '/guardian/sign-in');
        assert.equal(signInUrl.searchParams.get('next'), `/guardian/bind?code=${code}`);
        await visitor.get(signInUrl.pathname + signInUrl.search);
        const signIn = await visitor.post('/guardian/sign-in', {
          identifier: MOM.identifier,
          password: MOM.password,
          next: signInUrl.searchParams.get('next') ?? '',
        });
        assert.equal(signIn.location, `/guardian/bind?code=${code}`);
        const form = await visitor.get(signIn.location ?? '');
        assert.match(form.body, new RegExp(`value="${code}"`), 'the code is filled in');
        const bound = await visitor.post('/guardian/bind', { code });
        assert.equal(bound.status, 303);
        const match = /^\/guardian\/minors\/([^/?]+)\?done=bound$/.exec(bound.location ?? '');
        assert.ok(match, bound.location ?? '');
        minorId = match[1] ?? '';
        const page = await visitor.get(bound.location ?? '');
        assert.match(page.body, /绑定成功/);
        assert.match(page.body, /kid-1/);
        assert.match(page.body, /主监护人/);
        const reused = await visitor.post('/guardian/bind', { code });
        assert.equal(reused.status, 409);
        assert.match(reused.body, /绑定码无效、已使用或已过期|你已经绑定了这个孩子/);
        const unknown = await visitor.post('/guardian/bind', { code: 'NOSUCHCODE' });
        assert.equal(unknown.status, 404);
        assert.match(unknown.body, /绑定码无效、已使用或已过期/);
      });

      test('today’s usage and the time left follow the heartbeats sent through the API', async () => {
        for (let i = 0; i < 3; i++) {
          server.advance(60_000);
          assert.equal((await heartbeat(server, 'kid-1', nextBeat())).outcome, 'allow');
        }
        const page = await mom.get(`/guardian/minors/${minorId}`);
        assert.match(page.body, /id="used-today"\s*>3 分钟</);
        assert.match(page.body, /id="remaining-today"\s*>57 分钟</);
        const list = await mom.get('/guardian/minors');
        assert.match(list.body, /kid-1/);
        assert.match(list.body, /3 分钟/);
      });

      test('a guardian not bound to the minor sees neither its page nor its settings', async () => {
        const aunt = await portalSignedIn(server, AUNT);
        for (const path of ['', '/settings', '/requests', '/report', '/history']) {
          const page = await aunt.get(`/guardian/minors/${minorId}${path}`);
          assert.equal(page.status, 404, path);
          assert.match(page.body, /你没有绑定这个孩子/);
        }
        assert.equal((await aunt.post(`/guardian/minors/${minorId}/lock`, {})).status, 404);
      });

      test('lock now stops the next heartbeat and unlock lets it through', async () => {
        // Locking is asked first: the POST form sits inside a confirmation dialog (a <details>), not behind a bare button.
        const page = await mom.get(`/guardian/minors/${minorId}`);
        const dialog = /<details class="confirm">[\s\S]*?<\/details>/.exec(page.body)?.[0] ?? '';
        assert.match(dialog, new RegExp(`action="/guardian/minors/${minorId}/lock"`));
        assert.doesNotMatch(page.body.replace(dialog, ''), /\/lock"/, 'no lock form outside the dialog');
        const locked = await mom.post(`/guardian/minors/${minorId}/lock`, {});
        assert.equal(locked.status, 303);
        assert.match((await mom.get(locked.location ?? '')).body, /现在处于锁定状态/);
        server.advance(60_000);
        const denied = await heartbeat(server, 'kid-1', nextBeat());
        assert.equal(denied.outcome, 'deny');
        assert.equal(denied.rule, 'guardian_lock');
        const unlocked = await mom.post(`/guardian/minors/${minorId}/unlock`, {});
        assert.equal(unlocked.status, 303);
        server.advance(60_000);
        assert.equal((await heartbeat(server, 'kid-1', nextBeat())).outcome, 'allow');
      });

      test('settings within the bounds are saved and show in the history as product default → new value', async () => {
        const form = await mom.get(`/guardian/minors/${minorId}/settings`);
        assert.equal(form.status, 200);
        assert.match(form.body, /默认：60 分钟/);
        const saved = await mom.post(`/guardian/minors/${minorId}/settings`, {
          dailyLimitMinutes: '45',
          schedule_sat_limit: '90',
          schedule_sat_start: '09:00',
          schedule_sat_end: '20:00',
          curfewStart: '21:00',
          curfewEnd: '07:00',
          feature_stranger_dm: 'deny',
          contentBand: 'age_8_12',
          topupPerPayment: '20',
          topupPerMonth: '100',
          exemptApps: 'edu.dictionary\nedu.math',
        });
        assert.equal(saved.status, 303, saved.body);
        const again = await mom.get(saved.location ?? '');
        assert.match(again.body, /设置已保存/);
        assert.match(again.body, /id="dailyLimitMinutes"[^>]*value="45"|value="45"/);
        assert.match(again.body, /edu\.dictionary/);
        const settings = await callApi(server.url, 'GET', '/v1/youth/minors/kid-1', { key: server.youthKey });
        const policy = settings.body['policy'] as { dailyLimitSeconds: { value: number; layer: string } };
        assert.deepEqual(policy.dailyLimitSeconds, { ...policy.dailyLimitSeconds, value: 45 * 60, layer: 'guardian' });
        const history = await mom.get(`/guardian/minors/${minorId}/history`);
        assert.equal(history.status, 200);
        const row = /<tr>\s*<td>[^<]+<\/td>\s*<td>妈妈<\/td>\s*<td>每日使用上限（分钟）<\/td>\s*<td>(.*?)<\/td>/s.exec(
          history.body,
        );
        assert.ok(row, 'a history row names who changed the daily limit');
        assert.match(row[1] ?? '', /产品默认.*→.*45/s);
      });

      const refusals = [
        {
          name: 'a daily limit past the bound',
          fields: { dailyLimitMinutes: '300' },
          zh: /每日使用上限（分钟）」超出了法规允许的范围/,
          rule: /daily_total/,
        },
        {
          name: 'live-stream tipping, which the law forbids to every minor',
          fields: { feature_tipping: 'allow' },
          zh: /直播打赏」超出了法规允许的范围/,
          rule: /live_tipping/,
        },
        {
          name: 'a shorter curfew',
          fields: { curfewStart: '23:00', curfewEnd: '06:00' },
          zh: /宵禁」超出了法规允许的范围/,
          rule: /curfew/,
        },
        {
          name: 'a game top-up above the legal cap',
          fields: { topupPerPayment: '80' },
          zh: /单笔上限」超出了法规允许的范围/,
          rule: /game_topup/,
        },
      ];
      test('the settings form does not offer a choice the law forbids: tipping is stated as not allowed', async () => {
        const form = await mom.get(`/guardian/minors/${minorId}/settings`);
        assert.doesNotMatch(form.body, /name="feature_tipping"/, 'no control to choose tipping with');
        assert.match(form.body, /id="feature_tipping">[\s\S]*?直播打赏[\s\S]*?不允许[\s\S]*?法律规定，不能更改/);
        const hosting = /<select id="feature_hosting"[\s\S]*?<\/select>/.exec(form.body)?.[0] ?? '';
        assert.doesNotMatch(hosting, /value="allow"/, 'hosting under 16 cannot be allowed');
        const dm = /<select id="feature_stranger_dm"[\s\S]*?<\/select>/.exec(form.body)?.[0] ?? '';
        assert.match(dm, /value="allow"/, 'a choice the law leaves to parents is offered');
      });

      for (const refusal of refusals) {
        test(`${refusal.name} is refused, naming the rule, and nothing is saved`, async () => {
          await mom.get(`/guardian/minors/${minorId}/settings`);
          const answer = await mom.post(`/guardian/minors/${minorId}/settings`, refusal.fields);
          assert.equal(answer.status, 400);
          assert.match(answer.body, /设置没有保存/);
          assert.match(answer.body, refusal.zh);
          assert.match(answer.body, refusal.rule);
          const minor = await callApi(server.url, 'GET', '/v1/youth/minors/kid-1', { key: server.youthKey });
          const policy = minor.body['policy'] as { dailyLimitSeconds: { value: number } };
          assert.equal(policy.dailyLimitSeconds.value, 45 * 60, 'the saved settings stay');
        });
      }

      test('the refusal reads in English too, and a field that is not a number is named', async () => {
        await mom.get(`/guardian/minors/${minorId}/settings?lang=en`);
        const answer = await mom.post(`/guardian/minors/${minorId}/settings`, { dailyLimitMinutes: '300' });
        assert.match(answer.body, /“Daily limit \(minutes\)” is past the legal bound/);
        const malformed = await mom.post(`/guardian/minors/${minorId}/settings`, {
          dailyLimitMinutes: 'an hour',
          schedule_mon_start: '25:00',
        });
        assert.equal(malformed.status, 400);
        assert.match(malformed.body, /must be a whole number of minutes/);
        assert.match(malformed.body, /must be a time such as 20:30/);
        assert.match(malformed.body, /value="an hour"/, 'what was typed is kept');
        await mom.get('/guardian/minors?lang=zh');
      });

      test('a request for more time is answered in the portal and the platform reads the answer', async () => {
        const asked = await callApi(server.url, 'POST', '/v1/youth/minors/kid-1/requests', {
          body: { kind: 'extra_time', minutes: 15 },
          key: server.youthKey,
        });
        assert.equal(asked.status, 201, JSON.stringify(asked.body));
        const requestId = String(asked.body['id']);
        const list = await mom.get('/guardian/minors');
        assert.match(list.body, /1 个待处理请求/);
        const inbox = await mom.get(`/guardian/minors/${minorId}/requests`);
        assert.match(inbox.body, new RegExp(`id="request-${requestId}"`));
        assert.match(inbox.body, /申请延长时间 15 分钟/);
        const approved = await mom.post(`/guardian/minors/${minorId}/requests/${requestId}/approve`, {});
        assert.equal(approved.status, 303);
        assert.match((await mom.get(approved.location ?? '')).body, /已回复/);
        const polled = await callApi(server.url, 'GET', `/v1/youth/requests/${requestId}`, { key: server.youthKey });
        assert.equal(polled.body['status'], 'approved');
        const twice = await mom.post(`/guardian/minors/${minorId}/requests/${requestId}/deny`, {});
        assert.equal(twice.status, 303);
        assert.match((await mom.get(twice.location ?? '')).body, /这个请求已经处理过了/);
        const page = await mom.get(`/guardian/minors/${minorId}`);
        assert.match(page.body, /id="remaining-today"\s*>55 分钟</, '45 minutes + 15 granted − 5 used');
      });

      test('a second guardian binds as secondary; only the primary guardian can unbind the other', async () => {
        const { code } = await minorWithCode(server, 'kid-1');
        const dad = await portalSignedIn(server, DAD);
        await dad.get('/guardian/bind');
        const bound = await dad.post('/guardian/bind', { code });
        assert.equal(bound.status, 303);
        const dadsView = await dad.get(`/guardian/minors/${minorId}`);
        assert.match(dadsView.body, /爸爸（你）\s*·\s*监护人/);
        assert.doesNotMatch(dadsView.body, /解除绑定/, 'a secondary guardian is offered no unbind button');
        const momId = /name="guardianId" value="([^"]+)"/.exec(
          (await mom.get(`/guardian/minors/${minorId}`)).body,
        )?.[1];
        assert.ok(momId, 'the primary guardian sees an unbind button for the other guardian');
        const refused = await dad.post(`/guardian/minors/${minorId}/unbind`, { guardianId: 'gdn_not_mine' });
        assert.equal(refused.status, 404);
        const unbound = await mom.post(`/guardian/minors/${minorId}/unbind`, { guardianId: momId });
        assert.equal(unbound.status, 303);
        assert.equal((await dad.get(`/guardian/minors/${minorId}`)).status, 404, 'dad is no longer bound');
      });

      test('leaving youth mode needs the password again: a wrong one leaves it on, the right one turns it off', async () => {
        const asked = await callApi(server.url, 'POST', '/v1/youth/minors/kid-1/requests', {
          body: { kind: 'mode_exit' },
          key: server.youthKey,
        });
        const requestId = String(asked.body['id']);
        const inbox = await mom.get(`/guardian/minors/${minorId}/requests`);
        assert.match(inbox.body, /申请退出青少年模式/);
        assert.match(inbox.body, new RegExp(`id="password-${requestId}"`));
        const wrong = await mom.post(`/guardian/minors/${minorId}/requests/${requestId}/approve`, {
          password: 'guess',
        });
        assert.equal(wrong.status, 303);
        assert.match((await mom.get(wrong.location ?? '')).body, /密码不正确，未退出青少年模式/);
        const still = await callApi(server.url, 'GET', `/v1/youth/requests/${requestId}`, { key: server.youthKey });
        assert.equal(still.body['status'], 'pending');
        const right = await mom.post(`/guardian/minors/${minorId}/requests/${requestId}/approve`, {
          password: MOM.password,
        });
        assert.equal(right.status, 303);
        const minor = await callApi(server.url, 'GET', '/v1/youth/minors/kid-1', { key: server.youthKey });
        assert.equal((minor.body['minor'] as { youthMode: boolean }).youthMode, false);
        assert.match((await mom.get(`/guardian/minors/${minorId}`)).body, /青少年模式：关闭/);
      });

      test('a code-only guardian confirms leaving youth mode with a fresh one-time code', async () => {
        const on = await callApi(server.url, 'PUT', '/v1/youth/minors/kid-1', {
          body: { youthMode: true },
          key: server.youthKey,
        });
        assert.equal(on.status, 200, JSON.stringify(on.body));
        const { code: bindingCode } = await minorWithCode(server, 'kid-1');
        server.advance(61_000);
        const grandma = new Visitor(server.url);
        await grandma.get('/guardian/sign-in/code');
        await grandma.post('/guardian/sign-in/code/send', { identifier: GRANDMA.identifier });
        const signIn = await grandma.post('/guardian/sign-in/code', {
          identifier: GRANDMA.identifier,
          code: server.codes.get(GRANDMA.identifier) ?? '',
        });
        assert.equal(signIn.status, 303);
        await grandma.get('/guardian/bind');
        assert.equal((await grandma.post('/guardian/bind', { code: bindingCode })).status, 303);
        const asked = await callApi(server.url, 'POST', '/v1/youth/minors/kid-1/requests', {
          body: { kind: 'mode_exit' },
          key: server.youthKey,
        });
        const requestId = String(asked.body['id']);
        const inbox = await grandma.get(`/guardian/minors/${minorId}/requests`);
        assert.doesNotMatch(inbox.body, new RegExp(`id="password-${requestId}"`), 'no password to ask for');
        assert.match(inbox.body, new RegExp(`id="code-${requestId}"`));
        const noCode = await grandma.post(`/guardian/minors/${minorId}/requests/${requestId}/approve`, { code: '' });
        assert.match((await grandma.get(noCode.location ?? '')).body, /验证码不正确，未退出青少年模式/);
        server.advance(61_000);
        server.codes.delete(GRANDMA.identifier);
        const sent = await grandma.post(`/guardian/minors/${minorId}/requests/${requestId}/exit-code`, {});
        assert.equal(sent.status, 303);
        assert.match((await grandma.get(sent.location ?? '')).body, /验证码已发送/);
        const code = server.codes.get(GRANDMA.identifier);
        assert.ok(code !== undefined);
        const approved = await grandma.post(`/guardian/minors/${minorId}/requests/${requestId}/approve`, { code });
        assert.match((await grandma.get(approved.location ?? '')).body, /已回复/);
        const minor = await callApi(server.url, 'GET', '/v1/youth/minors/kid-1', { key: server.youthKey });
        assert.equal((minor.body['minor'] as { youthMode: boolean }).youthMode, false);
        assert.equal((await grandma.get('/guardian/minors')).status, 200, 'the sign-in session is still there');
      });

      test('the weekly report shows time per day, blocked content by category and the week’s requests', async () => {
        const report = await mom.get(`/guardian/minors/${minorId}/report`);
        assert.equal(report.status, 200);
        assert.match(report.body, /2026-03-02 至 2026-03-08/);
        assert.match(report.body, /<td>2026-03-02<\/td>\s*<td class="num">5<\/td>/);
        assert.match(report.body, /申请延长时间 15 分钟/);
        assert.match(report.body, /已同意/);
        const previous = await mom.get(`/guardian/minors/${minorId}/report?week=2026-02-23`);
        assert.match(previous.body, /2026-02-23 至 2026-03-01/);
        assert.match(previous.body, /本周没有拦截的内容/);
      });

      test('risk aimed at the minor reaches the alerts inbox and can be marked read', async () => {
        const moderated = await callApi(server.url, 'POST', '/v1/moderate', {
          body: { text: '加我微信 abc12345，我们私聊，别告诉你爸妈', surface: 'chat', targetRef: 'kid-1' },
          key: server.youthKey,
        });
        assert.equal(moderated.status, 200, JSON.stringify(moderated.body));
        const inbox = await mom.get('/guardian/alerts');
        assert.equal(inbox.status, 200);
        assert.match(inbox.body, /kid-1：/);
        assert.match(inbox.body, /未读/);
        const alertId = /action="\/guardian\/alerts\/([^/]+)\/read"/.exec(inbox.body)?.[1];
        assert.ok(alertId);
        const read = await mom.post(`/guardian/alerts/${alertId}/read`, {});
        assert.equal(read.status, 303);
        assert.doesNotMatch((await mom.get('/guardian/alerts')).body, /未读/);
        assert.equal((await mom.post('/guardian/alerts/no-such-alert/read', {})).status, 404);
      });

      test('an unknown portal path is a page, not JSON', async () => {
        const page = await mom.get('/guardian/nowhere');
        assert.equal(page.status, 404);
        assert.match(page.body, /页面不存在/);
      });
    },
  );
}
