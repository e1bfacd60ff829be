import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTenant, listCaseQueue } from '../../src/store/index.js';
import { Visitor, startTestServer, testDatabases, type TestServer } from './console-support.js';

for (const database of testDatabases()) {
  describe(
    `a child's report on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: TestServer;

      before(async () => {
        server = await startTestServer(database);
        await createTenant(server.server.deps.store.db, { id: 'kids', name: 'Kids' }, server.now());
      });
      after(() => server?.close());

      test('the children’s form names problems in a child’s words, each filed under a taxonomy id, with numbers to tap', async () => {
        const page = await new Visitor(server.url).get('/report?for=minor');
        assert.equal(page.status, 200);
        const choices = [...page.body.matchAll(/name="category" value="([a-z_]+)"\s*\/?>\s*([^<]+)</g)].map(
          ([, id, words]) => [id, words?.trim()],
        );
        assert.deepEqual(Object.fromEntries(choices), {
          grooming: '有人让我发照片或视频',
          contact_offplatform: '有人要我加别的联系方式（微信、QQ 等）',
          abuse: '有人骂我、欺负我',
          fraud: '有人骗我的钱或账号',
          violence: '有人威胁要伤害我',
          doxxing: '有人到处发我的照片或个人信息',
          self_harm: '有人说想伤害自己',
          sexual: '我看到了色情的东西',
          gambling: '我看到了赌博',
          drugs: '我看到了毒品',
          other: '别的事',
        });
        assert.match(page.body, /<a class="call" href="tel:110"[^>]*>110<\/a>/);
        assert.match(page.body, /<a class="call" href="tel:12355"[^>]*>12355<\/a>/);
        assert.doesNotMatch(page.body, /\{police\}|\{helpline\}/);
      });

      test('what happened is screened too: grooming told only there makes an "other" report critical', async () => {
        const visitor = new Visitor(server.url);
        await visitor.get('/report?for=minor');
        const filed = await visitor.post('/report', {
          for: 'minor',
          reporterKind: 'minor',
          category: 'other',
          contentText: '他昨天给我发了好多消息',
          userRef: 'stranger_7',
          description: '他说你发张没穿衣服的照片给我，别告诉你爸妈',
        });
        assert.equal(filed.status, 303, filed.body);
        const code = /\/report\/status\/([^?]+)/.exec(filed.location ?? '')?.[1] ?? '';
        const done = await visitor.get(filed.location ?? '');
        assert.match(done.body, new RegExp(`id="tracking-code">${code}<`));
        assert.match(done.body, /<button[^>]*data-copy="tracking-code"[^>]*>\s*复制查询码/);
        const queue = await listCaseQueue(server.server.deps.store.db, { tenantId: 'kids', now: server.now() });
        assert.equal(queue.length, 1);
        assert.equal(queue[0]?.priority, 'critical');
        assert.equal(queue[0]?.minorInvolved, true);
      });

      test('with several tenants and none chosen for public reports, the form says so before anything is typed', async () => {
        const ready = await new Visitor(server.url).get('/report');
        assert.doesNotMatch(ready.body, /举报通道暂时无法使用/);
        await createTenant(server.server.deps.store.db, { id: 'second', name: 'Second' }, server.now());
        const page = await new Visitor(server.url).get('/report?for=minor');
        assert.equal(page.status, 200);
        assert.match(
          page.body,
          /class="notice error"[^>]*>举报通道暂时无法使用，请稍后再试。如果情况紧急，请拨打 110。/,
        );
      });
    },
  );
}
