import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Visitor, testDatabases } from './console-support.js';
import { callApi, startPortalServer, type PortalServer, guardianWithChild } from './guardian-portal-support.js';

const MOM = { identifier: 'spend@example.com', displayName: '妈妈', password: 'spending portal password' };

for (const database of testDatabases()) {
  describe(
    `a child's spending in the guardian portal on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: PortalServer;
      let mom: Visitor;
      let minorId = '';
      const purchaseIds: Record<string, string> = {};

      const buy = async (key: string, amountFen: number): Promise<string> => {
        const answer = await callApi(server.url, 'POST', '/v1/youth/minors/kid-p/purchases', {
          body: { idempotencyKey: key, amountFen, kind: 'game_topup', description: `充值 ${key}` },
          key: server.youthKey,
        });
        assert.equal(answer.status, 201, JSON.stringify(answer.body));
        const purchase = answer.body['purchase'] as { id: string } | undefined;
        return purchase?.id ?? String(answer.body['id']);
      };

      before(async () => {
        server = await startPortalServer(database);
        ({ guardian: mom, minorId } = await guardianWithChild(server, MOM, 'kid-p'));
        purchaseIds['small'] = await buy('small', 3000);
        purchaseIds['over'] = await buy('over', 9000);
      });
      after(() => server?.close());

      test('the purchases page lists every purchase with what the rules answered', async () => {
        const child = await mom.get(`/guardian/minors/${minorId}`);
        assert.match(child.body, new RegExp(`href="/guardian/minors/${minorId}/purchases">消费记录<`));
        const page = await mom.get(`/guardian/minors/${minorId}/purchases`);
        assert.equal(page.status, 200);
        const small = new RegExp(`id="purchase-${purchaseIds['small']}"[\\s\\S]*?30 元 · 游戏充值[\\s\\S]*?已付款`);
        assert.match(page.body, small);
        const over = new RegExp(`id="purchase-${purchaseIds['over']}"[\\s\\S]*?90 元 · 游戏充值[\\s\\S]*?已拦截`);
        assert.match(page.body, over, 'above the per-payment cap for 12–16');
        assert.equal((await new Visitor(server.url).get(`/guardian/minors/${minorId}/purchases`)).status, 303);
      });

      test('a refund is asked for once per paid purchase, with a reason; a blocked one offers none', async () => {
        const page = await mom.get(`/guardian/minors/${minorId}/purchases`);
        assert.doesNotMatch(page.body, new RegExp(`/purchases/${purchaseIds['over']}/refund`));
        const empty = await mom.post(`/guardian/minors/${minorId}/purchases/${purchaseIds['small']}/refund`, {
          reason: '  ',
        });
        assert.equal(empty.status, 400);
        assert.match(empty.body, /请写下原因/);
        const asked = await mom.post(`/guardian/minors/${minorId}/purchases/${purchaseIds['small']}/refund`, {
          reason: '孩子用我的手机偷偷充值',
        });
        assert.equal(asked.status, 303);
        const after = await mom.get(asked.location ?? '');
        assert.match(after.body, /退款申请已提交给平台/);
        assert.match(after.body, /已于 .* 申请退款/);
        const twice = await mom.post(`/guardian/minors/${minorId}/purchases/${purchaseIds['small']}/refund`, {
          reason: '再来一次',
        });
        assert.equal(twice.status, 400);
        assert.match(twice.body, /已经申请过了/);
        const platform = await callApi(server.url, 'GET', '/v1/youth/minors/kid-p/refund-requests', {
          key: server.youthKey,
        });
        assert.equal(platform.status, 200);
        assert.match(JSON.stringify(platform.body), /孩子用我的手机偷偷充值/, 'the platform reads the request');
      });
    },
  );
}
