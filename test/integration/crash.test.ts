import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listDecisions, openStore } from '../../src/store/index.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';
import { freshTenantDatabase, killDuringBurst, spawnServer } from './spawn-server.js';

describeEachDialect('crash', (dialect) => {
  let database: FreshDatabase;
  let token: string;

  before(async () => {
    ({ database, token } = await freshTenantDatabase(dialect, 'crash', 'moderate'));
  });
  after(() => database.drop());

  test('after kill -9 during a stream of calls, every call answered 200 is in the decision log', async () => {
    const first = await spawnServer(database.env);
    const { answered, sent, code } = await killDuringBurst(first, {
      workers: 16,
      target: 300,
      timeoutMs: 30_000,
      call: async (w, i) => {
        const requestId = `crash-${w}-${i}`;
        const response = await fetch(`${first.url}/v1/moderate`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'x-request-id': requestId,
          },
          body: JSON.stringify({ text: `第${i}条：想賭＊博的加我V信，今天天气不错`, userRef: `u${w}` }),
        });
        await response.arrayBuffer();
        return response.status === 200 ? requestId : undefined;
      },
    });
    assert.ok(answered.length >= 300, `only ${answered.length} calls answered 200 in 30 s`);
    assert.equal(code, null, 'the server was killed, not stopped');
    assert.ok(sent > answered.length, 'some calls were in flight when it died');

    const second = await spawnServer(database.env);
    try {
      const again = await fetch(`${second.url}/v1/moderate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ text: '重启之后' }),
      });
      assert.equal(again.status, 200, 'the restarted server answers');
    } finally {
      second.process.kill('SIGTERM');
      assert.equal(await second.exited, 0, 'SIGTERM stops the server gracefully');
    }

    const store = await openStore({ databaseUrl: database.databaseUrl, databaseSchema: database.databaseSchema });
    try {
      const logged = new Set(
        (await listDecisions(store.db, { tenantId: 'crash', limit: 1_000_000 })).map((d) => d.requestId),
      );
      const missing = answered.filter((id) => !logged.has(id));
      assert.deepEqual(missing, [], `${missing.length} of ${answered.length} answered calls are missing from the log`);
    } finally {
      await store.close();
    }
  });
});
