import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getCase, getReport, openStore, verifyEvidenceChain } from '../../src/store/index.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';
import { freshTenantDatabase, killDuringBurst, spawnServer } from './spawn-server.js';

describeEachDialect('reports crash', (dialect) => {
  let database: FreshDatabase;
  let token: string;

  before(async () => {
    ({ database, token } = await freshTenantDatabase(dialect, 'crash', 'report'));
  });
  after(() => database.drop());

  test('after kill -9 during a burst of reports, every report answered 201 is kept with its evidence', async () => {
    const first = await spawnServer(database.env);
    const { answered, sent, code } = await killDuringBurst(first, {
      workers: 16,
      target: 200,
      timeoutMs: 60_000,
      call: async (w, i) => {
        const response = await fetch(`${first.url}/v1/reports`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            // A few subjects shared by all workers, so grouping runs concurrently too.
            subject: {
              kind: 'content',
              contentRef: `post-${i % 5}`,
              snapshot: { text: `第${i}条：想賭＊博的加我V信` },
            },
            category: i % 3 === 0 ? 'grooming' : 'gambling',
            reporterRole: w % 2 === 0 ? 'minor' : 'other',
          }),
        });
        const body = (await response.json()) as { id: string; caseId: string; evidence: { seq: number } };
        return response.status === 201 ? { id: body.id, caseId: body.caseId, seq: body.evidence.seq } : undefined;
      },
    });
    assert.ok(answered.length >= 200, `only ${answered.length} reports answered 201 in 60 s`);
    assert.equal(code, null, 'the server was killed, not stopped');
    assert.ok(sent > answered.length, 'some reports were in flight when it died');

    const second = await spawnServer(database.env);
    try {
      const again = await fetch(`${second.url}/v1/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ subject: { kind: 'user', userRef: 'after' }, category: 'other', reporterRole: 'other' }),
      });
      assert.equal(again.status, 201, 'the restarted server takes reports');
    } finally {
      second.process.kill('SIGTERM');
      assert.equal(await second.exited, 0, 'SIGTERM stops the server gracefully');
    }

    const store = await openStore({ databaseUrl: database.databaseUrl, databaseSchema: database.databaseSchema });
    try {
      const missing: string[] = [];
      for (const a of answered) {
        const report = await getReport(store.db, 'crash', a.id);
        if (report?.caseId !== a.caseId || report.evidenceSeq !== a.seq) missing.push(a.id);
      }
      assert.deepEqual(missing, [], `${missing.length} of ${answered.length} answered reports are missing`);
      const chain = await verifyEvidenceChain(store.db);
      assert.equal(chain.ok, true, JSON.stringify(chain.problems));
      assert.ok(chain.records >= answered.length + 1);
      const cases = new Set(answered.map((a) => a.caseId));
      assert.equal(cases.size, 5, 'five subjects, five cases, however the reports raced');
      for (const id of cases) {
        const detail = await getCase(store.db, 'crash', id, Date.now());
        assert.equal(detail?.case.reportCount, detail?.reports.length, 'the case counts exactly its reports');
      }
    } finally {
      await store.close();
    }
  });
});
