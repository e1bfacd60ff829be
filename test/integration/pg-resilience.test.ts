import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { startTestServer, testDatabases, type TestServer } from './console-support.js';

// The database ending connections (a restart, a failover, an administrator) must not end the service: the pool drops
// the dead connections and opens new ones.
const postgres = testDatabases().find((d) => d.name === 'postgres');

describe(
  'the service on PostgreSQL when the database ends its connections',
  { skip: typeof postgres?.env === 'string' ? postgres.env : postgres === undefined },
  () => {
    let server: TestServer;

    before(async () => {
      server = await startTestServer(postgres!);
    });
    after(() => server?.close());

    test('every connection terminated: the process keeps running and the next request is served', async () => {
      for (let i = 0; i < 5; i++) assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      const url = new URL(server.server.deps.config.databaseUrl);
      const database = url.pathname.slice(1);
      const admin = new pg.Client({ connectionString: process.env['TEST_PG_URL'] });
      await admin.connect();
      try {
        const ended = await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [database],
        );
        assert.ok(ended.rowCount !== null && ended.rowCount > 0, 'the pool had connections open');
      } finally {
        await admin.end();
      }
      // Give the pool the moment it needs to hear of the ended connections.
      await new Promise((resolve) => setTimeout(resolve, 200));
      let status = 0;
      for (let i = 0; i < 3 && status !== 200; i++) status = (await fetch(`${server.url}/readyz`)).status;
      assert.equal(status, 200);
    });
  },
);
