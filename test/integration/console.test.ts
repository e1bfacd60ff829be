import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSetupToken } from '../../src/store/index.js';
import {
  ADMIN,
  Visitor,
  setUpAdmin,
  signedIn,
  startTestServer,
  testDatabases,
  type TestServer,
} from './console-support.js';

const MODERATOR = { username: 'mod', password: 'moderator password 1' };
const COMPLIANCE = { username: 'auditor', password: 'compliance password 1' };
const LOCK_MINUTES = 15;

/** Adds a moderator through the users page and answers the id its row's forms carry. */
async function addModerator(admin: Visitor, user: { username: string; password: string }): Promise<string> {
  await admin.get('/console/users');
  assert.equal((await admin.post('/console/users', { ...user, role: 'moderator' })).status, 303);
  const list = await admin.get('/console/users');
  const id = new RegExp(`<td>${user.username}</td>[\\s\\S]*?name="id"\\s+value="([^"]+)"`).exec(list.body)?.[1];
  assert.ok(id, `a row for ${user.username}`);
  return id;
}

for (const database of testDatabases()) {
  describe(`console on ${database.name}`, { skip: typeof database.env === 'string' ? database.env : false }, () => {
    let server: TestServer;
    let admin: Visitor;

    before(async () => {
      // One trusted proxy, so the https test can say https the way a proxy does (X-Forwarded-Proto).
      server = await startTestServer(database, { TRUST_PROXY_HOPS: '1' });
      await setUpAdmin(server);
      admin = await signedIn(server, ADMIN);
      for (const [user, role] of [
        [MODERATOR, 'moderator'],
        [COMPLIANCE, 'compliance'],
      ] as const) {
        await admin.get('/console/users');
        const created = await admin.post('/console/users', { ...user, role });
        assert.equal(created.status, 303, created.body);
      }
    });
    after(() => server?.close());

    test('the setup link works once', async () => {
      const visitor = new Visitor(server.url);
      const page = await visitor.get(server.setupUrl.slice(server.url.length));
      assert.equal(page.status, 403);
      const token = new URL(server.setupUrl).searchParams.get('token') ?? '';
      await visitor.get('/console/sign-in');
      const again = await visitor.post('/console/setup', {
        token,
        username: 'intruder',
        password: 'another long password',
        password2: 'another long password',
      });
      assert.equal(again.status, 403);
      const intruder = new Visitor(server.url);
      await intruder.get('/console/sign-in');
      const signIn = await intruder.post('/console/sign-in', {
        username: 'intruder',
        password: 'another long password',
      });
      assert.equal(signIn.status, 401, 'the second use created no user');
      // A link printed by an earlier start, never used, is worthless once an administrator exists.
      const stale = await createSetupToken(server.server.deps.store.db, 'admin_setup', {
        now: Date.now(),
        ttlMs: 3_600_000,
      });
      assert.equal((await intruder.get(`/console/setup?token=${stale}`)).status, 403);
      const staleUse = await intruder.post('/console/setup', {
        token: stale,
        username: 'intruder',
        password: 'another long password',
        password2: 'another long password',
      });
      assert.equal(staleUse.status, 403);
    });

    test('signing in sets an HttpOnly, SameSite=Lax session cookie and lands on the first page of the role', async () => {
      const visitor = new Visitor(server.url);
      await visitor.get('/console/sign-in');
      const answer = await visitor.post('/console/sign-in', MODERATOR);
      assert.equal(answer.status, 303);
      assert.equal(answer.location, '/console/playground');
      const cookie = answer.headers.getSetCookie().find((line) => line.startsWith('ql_session='));
      assert.ok(cookie, 'a session cookie is set');
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.doesNotMatch(cookie, /Secure/, 'plain http cannot carry Secure cookies');
      const page = await visitor.get('/console/playground');
      assert.equal(page.status, 200);
      assert.match(page.body, /mod（审核员）/);
    });

    test('behind a trusted https proxy the session cookie is Secure and __Host- prefixed', async () => {
      const visitor = new Visitor(server.url, { 'x-forwarded-proto': 'https' });
      await visitor.get('/console/sign-in');
      const answer = await visitor.post('/console/sign-in', MODERATOR);
      assert.equal(answer.status, 303);
      const cookie = answer.headers.getSetCookie().find((line) => line.startsWith('__Host-ql_session='));
      assert.ok(cookie, 'a __Host- session cookie is set');
      assert.match(cookie, /Secure/);
      assert.match(cookie, /Path=\//);
    });

    const failures = [
      { name: 'a wrong password', user: { username: MODERATOR.username, password: 'not the password' } },
      { name: 'an unknown user', user: { username: 'nobody', password: MODERATOR.password } },
      { name: 'an empty form', user: { username: '', password: '' } },
    ];
    for (const failure of failures) {
      test(`signing in with ${failure.name} is refused with the same message and no session`, async () => {
        const visitor = new Visitor(server.url);
        await visitor.get('/console/sign-in');
        const answer = await visitor.post('/console/sign-in', failure.user);
        assert.equal(answer.status, 401);
        assert.match(answer.body, /用户名或密码不正确/);
        assert.ok(!visitor.cookies.has('ql_session'));
        assert.equal((await visitor.get('/console/playground')).status, 303);
      });
    }

    test(`five failures in a row lock the account for ${LOCK_MINUTES} minutes, even against the right password`, async () => {
      const user = { username: 'locktest', password: 'lock test password' };
      await admin.get('/console/users');
      assert.equal((await admin.post('/console/users', { ...user, role: 'moderator' })).status, 303);
      const visitor = new Visitor(server.url);
      await visitor.get('/console/sign-in');
      for (let i = 1; i <= 4; i++) {
        assert.equal((await visitor.post('/console/sign-in', { ...user, password: `wrong ${i}` })).status, 401);
      }
      const fifth = await visitor.post('/console/sign-in', { ...user, password: 'wrong 5' });
      assert.equal(fifth.status, 429);
      assert.match(fifth.body, /已暂时锁定/);
      assert.equal(fifth.headers.get('retry-after'), String(LOCK_MINUTES * 60));
      const right = await visitor.post('/console/sign-in', user);
      assert.equal(right.status, 429, 'the right password does not open a locked account');
      const users = await admin.get('/console/users');
      assert.match(users.body, /锁定至/);

      server.advance(LOCK_MINUTES * 60_000 - 1000);
      assert.equal((await visitor.post('/console/sign-in', user)).status, 429, 'still locked a second before the end');
      server.advance(1000);
      assert.equal((await visitor.post('/console/sign-in', user)).status, 303, 'open again when the lock ends');
    });

    test('a success resets the failure count', async () => {
      const user = { username: 'resettest', password: 'reset test password' };
      await admin.get('/console/users');
      assert.equal((await admin.post('/console/users', { ...user, role: 'compliance' })).status, 303);
      const visitor = new Visitor(server.url);
      await visitor.get('/console/sign-in');
      for (let i = 0; i < 4; i++) await visitor.post('/console/sign-in', { ...user, password: 'wrong' });
      assert.equal((await visitor.post('/console/sign-in', user)).status, 303);
      const again = new Visitor(server.url);
      await again.get('/console/sign-in');
      for (let i = 0; i < 4; i++) {
        assert.equal((await again.post('/console/sign-in', { ...user, password: 'wrong' })).status, 401);
      }
    });

    const forgeries: readonly {
      name: string;
      fields: (v: Visitor) => Record<string, string | null>;
      headers?: Record<string, string>;
    }[] = [
      { name: 'without a CSRF token', fields: () => ({ _csrf: null }) },
      { name: 'with a made-up CSRF token', fields: () => ({ _csrf: 'x'.repeat(43) }) },
      { name: 'with the pre-session token instead of the session one', fields: () => ({ _csrf: '' }) },
      {
        name: 'from a cross-site origin',
        fields: (v) => ({ _csrf: v.lastCsrf }),
        headers: { origin: 'https://evil.example' },
      },
      {
        name: 'marked cross-site by the browser',
        fields: (v) => ({ _csrf: v.lastCsrf }),
        headers: { 'sec-fetch-site': 'cross-site' },
      },
    ];
    for (const forgery of forgeries) {
      test(`a signed-in POST ${forgery.name} is refused`, async () => {
        const visitor = await signedIn(server, MODERATOR);
        const answer = await visitor.post(
          '/console/playground',
          { text: '想賭＊博的私聊', ageBand: 'age_12_16', surface: '', tenant: '', ...forgery.fields(visitor) },
          forgery.headers,
        );
        assert.equal(answer.status, 403);
        assert.match(answer.body, /表单已过期或来自其他网站/);
        assert.doesNotMatch(answer.body, /<mark/);
      });
    }

    test("another session's CSRF token does not work", async () => {
      const mine = await signedIn(server, MODERATOR);
      const theirs = await signedIn(server, MODERATOR);
      assert.notEqual(mine.lastCsrf, theirs.lastCsrf);
      const answer = await mine.post('/console/playground', { _csrf: theirs.lastCsrf, text: 'x', ageBand: 'adult' });
      assert.equal(answer.status, 403);
    });

    test('the sign-in form itself needs its double-submit token', async () => {
      const visitor = new Visitor(server.url);
      await visitor.get('/console/sign-in');
      assert.equal((await visitor.post('/console/sign-in', { ...MODERATOR, _csrf: null })).status, 403);
      const stranger = new Visitor(server.url);
      assert.equal((await stranger.post('/console/sign-in', { ...MODERATOR, _csrf: visitor.lastCsrf })).status, 403);
    });

    test('with the right token and our own origin the playground highlights the disguised match', async () => {
      const visitor = await signedIn(server, MODERATOR);
      const answer = await visitor.post(
        '/console/playground',
        { text: '想賭＊博的私聊', ageBand: 'age_12_16', surface: 'chat', tenant: '' },
        { origin: server.url, 'sec-fetch-site': 'same-origin' },
      );
      assert.equal(answer.status, 200);
      // A match is one mark; the model's signal spans are underlined inside it.
      const marked = /<mark\s+class="hit (?:high|medium|low)[^"]*"[^>]*>([\s\S]*?)<\/mark/.exec(answer.body)?.[1];
      assert.equal(marked?.replace(/<[^>]+>/g, ''), '賭＊博');
      assert.match(answer.body, /繁体字/);
      assert.match(answer.body, /插入符号/);
      assert.match(answer.body, /<span class="signal"[^>]*data-categories="[^"]*gambling/, 'a model signal is shown');
      assert.match(
        answer.body,
        /<li class="score finding" data-category="gambling">[\s\S]*?<meter class="score" min="0" max="1" value="0\.\d+"/,
        'the gambling score as a bar',
      );
    });

    const denials = [
      { who: COMPLIANCE, method: 'GET', path: '/console/playground' },
      { who: COMPLIANCE, method: 'GET', path: '/console/lexicon' },
      { who: COMPLIANCE, method: 'GET', path: '/console/keys' },
      { who: MODERATOR, method: 'GET', path: '/console/keys' },
      { who: MODERATOR, method: 'GET', path: '/console/users' },
      { who: MODERATOR, method: 'GET', path: '/console/logs' },
      { who: MODERATOR, method: 'POST', path: '/console/users' },
      { who: COMPLIANCE, method: 'POST', path: '/console/keys' },
    ] as const;
    for (const denial of denials) {
      test(`${denial.who.username} may not ${denial.method} ${denial.path}`, async () => {
        const visitor = await signedIn(server, denial.who);
        const answer =
          denial.method === 'GET'
            ? await visitor.get(denial.path)
            : await visitor.post(denial.path, {
                username: 'sneaky',
                password: 'sneaky password 1',
                role: 'admin',
                tenant: 'x',
                name: 'k',
                scope: 'admin',
              });
        assert.equal(answer.status, 403);
        assert.match(answer.body, /无权访问/);
      });
    }

    test('each role reaches its own pages', async () => {
      const allowed = [
        { who: COMPLIANCE, paths: ['/console/logs'] },
        { who: MODERATOR, paths: ['/console/playground', '/console/lexicon'] },
        {
          who: ADMIN,
          paths: ['/console/playground', '/console/lexicon', '/console/keys', '/console/logs', '/console/users'],
        },
      ];
      for (const { who, paths } of allowed) {
        const visitor = await signedIn(server, who);
        for (const path of paths) assert.equal((await visitor.get(path)).status, 200, `${who.username} ${path}`);
      }
      const users = await admin.post('/console/users', {
        username: 'sneaky',
        password: 'sneaky password 1',
        role: 'admin',
      });
      assert.equal(users.status, 303, 'the administrator may add users');
    });

    test('signing out ends the session on the server, not only in the browser', async () => {
      const visitor = await signedIn(server, MODERATOR);
      const stolen = new Map(visitor.cookies);
      const answer = await visitor.post('/console/sign-out', {});
      assert.equal(answer.status, 303);
      assert.equal(answer.location, '/console/sign-in?done=signed_out');
      assert.ok(!visitor.cookies.has('ql_session'));
      const replay = new Visitor(server.url);
      for (const [k, v] of stolen) replay.cookies.set(k, v);
      const page = await replay.get('/console/playground');
      assert.equal(page.status, 303);
      assert.match(page.location ?? '', /^\/console\/sign-in\?next=/);
    });

    test('a session ends after two idle hours', async () => {
      const visitor = await signedIn(server, MODERATOR);
      server.advance(2 * 60 * 60_000 + 1000);
      assert.equal((await visitor.get('/console/playground')).status, 303);
    });

    test('an administrator sets a new password: the lock and the old sessions end, the old password stops working', async () => {
      admin = await signedIn(server, ADMIN);
      const user = { username: 'forgetful', password: 'forgetful password 1' };
      const id = await addModerator(admin, user);
      const before = await signedIn(server, user);
      const stranger = new Visitor(server.url);
      await stranger.get('/console/sign-in');
      for (let i = 1; i <= 5; i++) await stranger.post('/console/sign-in', { ...user, password: `wrong ${i}` });
      const short = await admin.post('/console/users/password', { id, password: 'short' });
      assert.equal(short.status, 400);
      assert.match(short.body, /12/);
      const set = await admin.post('/console/users/password', { id, password: 'a brand new password' });
      assert.equal(set.status, 303);
      assert.match((await admin.get(set.location ?? '/console/users')).body, /新密码已设置/);
      assert.equal((await before.get('/console/playground')).status, 303, 'the old session has ended');
      const visitor = new Visitor(server.url);
      await visitor.get('/console/sign-in');
      assert.equal((await visitor.post('/console/sign-in', user)).status, 401, 'the old password no longer works');
      const fresh = await visitor.post('/console/sign-in', { ...user, password: 'a brand new password' });
      assert.equal(fresh.status, 303, 'the lock was cleared');
      const self = await admin.get('/console/users');
      assert.doesNotMatch(
        new RegExp(`<td>${ADMIN.username}</td>[\\s\\S]*?</tr>`).exec(self.body)?.[0] ?? '',
        /users\/password/,
        'no form for your own password: the CLI sets it',
      );
    });

    test('a disabled user is signed out and cannot sign in', async () => {
      admin = await signedIn(server, ADMIN);
      const user = { username: 'leaver', password: 'leaver password 1' };
      const id = await addModerator(admin, user);
      const visitor = await signedIn(server, user);
      assert.equal((await admin.post('/console/users/disable', { id })).status, 303);
      assert.equal((await visitor.get('/console/playground')).status, 303);
      const again = new Visitor(server.url);
      await again.get('/console/sign-in');
      assert.equal((await again.post('/console/sign-in', user)).status, 401);
    });

    test('lexicon terms, API keys and the decision log work end to end, with user text escaped', async () => {
      admin = await signedIn(server, ADMIN);
      const tenant = await server.server.deps.store.db
        .insertInto('tenants')
        .values({
          id: 'forum',
          name: '<i>Forum</i>',
          storeText: 1,
          retentionDays: null,
          lexiconVersion: 0,
          createdAt: 0,
        })
        .execute();
      assert.ok(tenant);
      await admin.get('/console/lexicon?tenant=forum');
      const added = await admin.post('/console/lexicon/add', {
        tenant: 'forum',
        term: '<script>',
        category: 'vulgar',
        severity: 'high',
        variants: '',
      });
      assert.equal(added.status, 303, added.body);
      const lexicon = await admin.get(added.location ?? '');
      assert.match(lexicon.body, /&lt;script&gt;/);
      assert.doesNotMatch(lexicon.body, /<script>/);
      assert.match(lexicon.body, /&lt;i&gt;Forum&lt;\/i&gt;/);
      assert.match(
        lexicon.body,
        /<td class="change">添加「&lt;script&gt;」（低俗 · 高）<\/td>/,
        'the change history shows it, in words',
      );

      const created = await admin.post('/console/keys', { tenant: 'forum', name: 'app', scope: ['moderate'] });
      assert.equal(created.status, 303, 'post-redirect-get');
      const keyPage = await admin.get(created.location ?? '');
      const token = /<p class="secret" id="new-key">([^<]+)<\/p>/.exec(keyPage.body)?.[1];
      assert.ok(token, 'the new key is shown once');
      assert.doesNotMatch((await admin.get('/console/keys?tenant=forum')).body, new RegExp(token.slice(-20)));

      const moderate = await fetch(`${server.url}/v1/moderate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: '想賭＊博的私聊', userRef: 'u-1' }),
      });
      assert.equal(moderate.status, 200, await moderate.clone().text());
      const logs = await (await signedIn(server, COMPLIANCE)).get('/console/logs?tenant=forum&category=gambling');
      assert.equal(logs.status, 200);
      assert.match(logs.body, /u-1/);
      assert.match(logs.body, /想賭＊博的私聊/);
      assert.match(logs.body, /<th>模型评分<\/th>/);
      const cell = /<td class="top-scores">([\s\S]*?)<\/td>/.exec(logs.body)?.[1] ?? '';
      assert.match(cell, /<div data-category="gambling">\s*<strong>赌博 \d+(\.\d)?%<\/strong>/, 'in bold: a finding');
      const shown = [...cell.matchAll(/(\d+(?:\.\d)?)%/g)].map((m) => Number(m[1]));
      assert.ok(shown.length >= 1 && shown.length <= 3, `at most three scores: ${shown.join(', ')}`);
      assert.deepEqual(
        shown,
        [...shown].sort((a, b) => b - a),
        'highest first',
      );
      const none = await admin.get('/console/logs?tenant=forum&category=drugs');
      assert.doesNotMatch(none.body, /u-1/);
      const later = await admin.get('/console/logs?tenant=forum&from=2030-01-01T00:00');
      assert.doesNotMatch(later.body, /u-1/);

      const keys = await admin.get('/console/keys?tenant=forum');
      const id = /name="id"\s+value="([^"]+)"/.exec(keys.body)?.[1];
      assert.ok(id);
      assert.equal((await admin.post('/console/keys/revoke', { tenant: 'forum', id })).status, 303);
      const refused = await fetch(`${server.url}/v1/moderate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'hello' }),
      });
      assert.equal(refused.status, 401);
    });

    test('the English switch sticks and translates the page', async () => {
      const visitor = new Visitor(server.url);
      const en = await visitor.get('/console/sign-in?lang=en');
      assert.match(en.body, /<html lang="en">/);
      assert.match(en.body, />Sign in</);
      const again = await visitor.get('/console/sign-in');
      assert.match(again.body, />Sign in</);
      const zh = await visitor.get('/console/sign-in?lang=zh');
      assert.match(zh.body, /<html lang="zh-CN">/);
    });

    test('after sign-in a person returns to the console page they asked for, never to another site', async () => {
      const cases = [
        { next: '/console/logs?tenant=x', want: '/console/logs?tenant=x' },
        { next: '//evil.example/console/', want: '/console/playground' },
        { next: 'https://evil.example/', want: '/console/playground' },
        { next: '/v1/openapi.json', want: '/console/playground' },
      ];
      for (const { next, want } of cases) {
        const visitor = new Visitor(server.url);
        await visitor.get(`/console/sign-in?next=${encodeURIComponent(next)}`);
        const answer = await visitor.post('/console/sign-in', { ...ADMIN, next });
        assert.equal(answer.location, want, next);
      }
    });

    test('the console root sends each person to the first page their role may use', async () => {
      const anonymous = new Visitor(server.url);
      assert.equal((await anonymous.get('/console/')).location, '/console');
      assert.equal((await anonymous.get('/console')).location, '/console/sign-in');
      assert.equal((await (await signedIn(server, MODERATOR)).get('/console')).location, '/console/playground');
      assert.equal((await (await signedIn(server, COMPLIANCE)).get('/console')).location, '/console/logs');
      const missing = await anonymous.get('/console/no-such-page');
      assert.equal(missing.status, 404);
      assert.match(missing.body, /页面不存在/);
    });

    test('pages forbid framing, inline scripts and caching', async () => {
      const page = await new Visitor(server.url).get('/console/sign-in');
      assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
      assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
      assert.equal(page.headers.get('cache-control'), 'no-store');
      const css = await new Visitor(server.url).get('/console/assets/console.css');
      assert.equal(css.status, 200);
      assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    });
  });
}
