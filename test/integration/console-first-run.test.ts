import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listApiKeys } from '../../src/store/index.js';
import type { Visitor } from './console-support.js';
import { ADMIN, setUpAdmin, signedIn, startTestServer, testDatabases, type TestServer } from './console-support.js';

const MODERATOR = { username: 'mod', password: 'moderator password 1' };

for (const database of testDatabases()) {
  describe(
    `console first run on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: TestServer;
      let admin: Visitor;

      before(async () => {
        server = await startTestServer(database);
        await setUpAdmin(server);
        admin = await signedIn(server, ADMIN);
        await admin.get('/console/users');
        assert.equal((await admin.post('/console/users', { ...MODERATOR, role: 'moderator' })).status, 303);
      });
      after(() => server?.close());

      test('with no tenant yet, the lexicon and API key pages offer to create one instead of an error', async () => {
        for (const path of ['/console/keys', '/console/lexicon']) {
          const page = await admin.get(path);
          assert.equal(page.status, 200, path);
          assert.doesNotMatch(page.body, /class="notice error"/, `${path} shows no red error`);
          assert.doesNotMatch(
            page.body,
            /qinglang tenants create/,
            `${path} does not send the admin to the command line`,
          );
          assert.match(page.body, /还没有租户/);
          assert.match(
            page.body,
            /<form[^>]*action="\/console\/tenants"/,
            `${path} has the form that creates a tenant`,
          );
        }
        const moderator = await signedIn(server, MODERATOR);
        const page = await moderator.get('/console/lexicon');
        assert.equal(page.status, 200);
        assert.match(page.body, /请管理员/);
        assert.doesNotMatch(page.body, /action="\/console\/tenants"/, 'a moderator cannot create tenants');
        await moderator.get('/console/lexicon');
        assert.equal((await moderator.post('/console/tenants', { id: 'sneaky', back: 'lexicon' })).status, 403);
      });

      test('a bad tenant id is refused in words, keeping what was typed; a good one lands on the page it came from', async () => {
        await admin.get('/console/keys');
        const bad = await admin.post('/console/tenants', { id: 'Short Video', name: '短视频', back: 'keys' });
        assert.equal(bad.status, 400);
        assert.match(bad.body, /租户编号只能用小写字母/);
        assert.match(bad.body, /value="Short Video"/);
        assert.match(bad.body, /value="短视频"/);
        const good = await admin.post('/console/tenants', { id: 'short-video', name: '短视频', back: 'keys' });
        assert.equal(good.status, 303);
        assert.equal(good.location, '/console/keys?tenant=short-video&done=created');
        const keys = await admin.get(good.location ?? '');
        assert.match(keys.body, /租户 short-video 已创建/);
        assert.match(keys.body, /<option value="short-video"\s+selected(="")?>/);
        await admin.get('/console/tenants');
        const again = await admin.post('/console/tenants', { id: 'short-video', back: 'tenants' });
        assert.equal(again.status, 400);
        assert.match(again.body, /已经有编号为 short-video 的租户了/);
        const list = await admin.get('/console/tenants');
        assert.match(list.body, /<code>short-video<\/code>/);
      });

      test('creating a key redirects, shows the key once, and a reload neither shows it again nor makes a second key', async () => {
        await admin.get('/console/keys?tenant=short-video');
        const created = await admin.post('/console/keys', {
          tenant: 'short-video',
          name: 'app server',
          scope: 'moderate',
        });
        assert.equal(created.status, 303, 'post-redirect-get');
        assert.equal(created.location, '/console/keys?tenant=short-video');
        const shown = await admin.get(created.location ?? '');
        const token = /id="new-key">([^<]+)</.exec(shown.body)?.[1];
        assert.ok(token, 'the new key is shown after the redirect');
        const reloaded = await admin.get(created.location ?? '');
        assert.doesNotMatch(reloaded.body, /id="new-key"/, 'shown once');
        assert.doesNotMatch(reloaded.body, new RegExp(token));
        assert.equal((await listApiKeys(server.server.deps.store.db, 'short-video')).length, 1);
        const answer = await fetch(`${server.url}/v1/moderate`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ text: '你好' }),
        });
        assert.equal(answer.status, 200, 'the key shown works');
      });

      test('revoking a key asks first, in a dialog that works without script, then redirects', async () => {
        const page = await admin.get('/console/keys?tenant=short-video');
        const dialog = /<details class="confirm">[\s\S]*?<\/details>/.exec(page.body)?.[0] ?? '';
        assert.match(dialog, /<summary[^>]*>吊销<\/summary>/);
        assert.match(dialog, /吊销密钥「app server」？/);
        assert.match(dialog, /此操作无法撤销/);
        assert.match(dialog, /<form method="post" action="\/console\/keys\/revoke">/);
        assert.match(dialog, /href="\/console\/keys\?tenant=short-video"[^>]*>取消</);
        const id = /name="id" value="([^"]+)"/.exec(dialog)?.[1] ?? '';
        const revoked = await admin.post('/console/keys/revoke', { tenant: 'short-video', id });
        assert.equal(revoked.status, 303);
        assert.match((await admin.get(revoked.location ?? '')).body, /密钥已吊销/);
      });

      test('a refused lexicon change keeps what was typed and says what is wrong in Chinese', async () => {
        await admin.get('/console/lexicon?tenant=short-video');
        const refused = await admin.post('/console/lexicon/add', {
          tenant: 'short-video',
          term: '约饭',
          category: 'grooming',
          severity: 'high',
          variants: '+pinyin +sound',
        });
        assert.equal(refused.status, 400);
        assert.match(refused.body, /变形开关「\+sound」看不懂/);
        assert.doesNotMatch(refused.body, /a variant switch is/);
        assert.match(refused.body, /id="add-term" name="term" type="text" required(="")? value="约饭"/);
        assert.match(refused.body, /value="\+pinyin \+sound"/);
        assert.match(refused.body, /<option value="grooming"\s+selected(="")?>/);
        const empty = await admin.post('/console/lexicon/allow', { tenant: 'short-video', term: '有 空格' });
        assert.equal(empty.status, 400);
        assert.match(empty.body, /词条不能为空，不能包含空格/);
        assert.match(empty.body, /value="有 空格"/);
        const saved = await admin.post('/console/lexicon/add', {
          tenant: 'short-video',
          term: '约饭',
          category: 'grooming',
          severity: 'high',
          variants: '+pinyin',
        });
        assert.equal(saved.status, 303);
        const page = await admin.get(saved.location ?? '');
        assert.match(page.body, /<td class="change">添加「约饭」（诱导接触（隔空猥亵） · 高）<\/td>/);
      });
    },
  );
}
