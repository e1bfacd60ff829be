import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Visitor, testDatabases } from './console-support.js';
import { callApi, guardianWithChild, startPortalServer, type PortalServer } from './guardian-portal-support.js';

const MOM = { identifier: 'reach@example.com', displayName: '妈妈', password: 'interactions portal password' };

for (const database of testDatabases()) {
  describe(
    `who can reach a child, in the guardian portal, on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: PortalServer;
      let mom: Visitor;
      let page = '';

      const may = async (actorRef: string, relation: string, action: string): Promise<string> => {
        const answer = await callApi(server.url, 'POST', '/v1/youth/minors/kid-r/interactions/check', {
          body: { actorRef, relation, action },
          key: server.youthKey,
        });
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        return String((answer.body['decision'] as { outcome: string }).outcome);
      };
      const save = async (fields: Record<string, string>) => {
        await mom.get(page);
        return mom.post(page, fields);
      };

      before(async () => {
        server = await startPortalServer(database);
        const { guardian, minorId } = await guardianWithChild(server, MOM, 'kid-r');
        mom = guardian;
        page = `/guardian/minors/${minorId}/interactions`;
      });
      after(() => server?.close());

      test('the page shows what is in force: the defaults for a child of 12–16, strangers’ messages off', async () => {
        const shown = await mom.get(page);
        assert.equal(shown.status, 200);
        assert.match(shown.body, /谁能和孩子互动/);
        assert.match(shown.body, /id="now-posts">\s*现在：仅好友/);
        assert.match(shown.body, /id="now-reposts">\s*现在：谁都不能（关闭）/);
        assert.match(shown.body, /id="blocks-none"/);
        assert.match((await mom.get(page.replace('/interactions', ''))).body, new RegExp(`href="${page}"`));
        assert.equal(await may('pal', 'friend', 'view_posts'), 'allow');
        assert.equal(await may('fan', 'follower', 'view_posts'), 'deny');
        assert.equal(await may('someone', 'stranger', 'message'), 'deny');
      });

      test('the guardian opens posts to followers, turns comments off and lets strangers message; the platform’s checks follow', async () => {
        const saved = await save({
          posts: 'followers',
          comments: 'nobody',
          reposts: '',
          messages: 'everyone',
          strangerDm: 'allow',
        });
        assert.equal(saved.status, 303);
        assert.equal(saved.location, `${page}?done=saved`);
        const shown = await mom.get(saved.location ?? '');
        assert.match(shown.body, /互动设置已保存/);
        assert.match(shown.body, /<option value="followers" selected="">/);
        assert.match(shown.body, /id="now-comments">\s*现在：谁都不能（关闭）/);
        assert.equal(await may('fan', 'follower', 'view_posts'), 'allow');
        assert.equal(await may('pal', 'friend', 'comment'), 'deny');
        assert.equal(await may('someone', 'stranger', 'message'), 'allow');
      });

      test('a child’s stricter choice stays in force and the page says the child chose it', async () => {
        const own = await callApi(server.url, 'PUT', '/v1/youth/minors/kid-r/interactions', {
          body: { posts: 'friends' },
          key: server.youthKey,
        });
        assert.equal(own.status, 200, JSON.stringify(own.body));
        const shown = await mom.get(page);
        assert.match(shown.body, /id="now-posts">\s*现在：仅好友 （孩子自己设得更严格）/);
        assert.equal(await may('fan', 'follower', 'view_posts'), 'deny');
      });

      test('the guardian blocks a sender and lifts the block; a bad account ID is refused and kept', async () => {
        await mom.get(page);
        const blocked = await mom.post(`${page.replace('/interactions', '')}/blocks`, { userRef: ' stranger_9 ' });
        assert.equal(blocked.status, 303);
        const shown = await mom.get(blocked.location ?? '');
        assert.match(shown.body, /已屏蔽，这个人不能再联系孩子/);
        assert.match(shown.body, /<code>stranger_9<\/code>/);
        assert.equal(await may('stranger_9', 'friend', 'message'), 'deny');
        const bad = await mom.post(`${page.replace('/interactions', '')}/blocks`, { userRef: 'a b<c>' });
        assert.equal(bad.status, 400);
        assert.match(bad.body, /账号不正确/);
        assert.match(bad.body, /value="a b&lt;c&gt;"/);
        const lifted = await mom.post(`${page.replace('/interactions', '')}/blocks/remove`, { userRef: 'stranger_9' });
        assert.equal(lifted.status, 303);
        assert.match((await mom.get(lifted.location ?? '')).body, /已解除屏蔽/);
        assert.equal(await may('stranger_9', 'friend', 'message'), 'allow');
        const again = await mom.post(`${page.replace('/interactions', '')}/blocks/remove`, { userRef: 'stranger_9' });
        assert.equal(again.status, 400);
        assert.match(again.body, /这个人没有被屏蔽/);
      });

      test('an unknown choice is refused with the form as sent; saving the rules page keeps these controls', async () => {
        const bad = await save({ posts: 'martians', comments: '', reposts: '', messages: '', strangerDm: '' });
        assert.equal(bad.status, 400);
        assert.match(bad.body, /有一个选项无效，请重新选择/);
        const settings = page.replace('/interactions', '/settings');
        await mom.get(settings);
        assert.equal((await mom.post(settings, { dailyLimitMinutes: '50' })).status, 303);
        assert.equal(await may('pal', 'friend', 'comment'), 'deny', 'comments stay off');
        const history = await mom.get(page.replace('/interactions', '/history'));
        assert.match(history.body, /谁能和孩子互动/);
        assert.match(history.body, /谁能评论：谁都不能（关闭）/);
        assert.doesNotMatch(history.body, /nobody|followers/);
      });

      test('another guardian’s child is not found', async () => {
        assert.equal((await mom.get('/guardian/minors/mnr_nobody/interactions')).status, 404);
        assert.equal((await mom.post('/guardian/minors/mnr_nobody/blocks', { userRef: 'x' })).status, 404);
      });
    },
  );
}
