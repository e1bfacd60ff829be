import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import {
  PI_TABLES,
  createApiKey,
  createConsoleUser,
  listAccessLog,
  listRetentionRuns,
  listRightsRequests,
  registerEntry,
  updateTenantSettings,
  verifyAccessLog,
  verifyEvidenceChain,
  type Store,
} from '../../src/store/index.js';
import { Visitor, testDatabases } from './console-support.js';
import {
  callApi,
  guardianWithChild,
  heartbeat,
  startPortalServer,
  type PortalServer,
} from './guardian-portal-support.js';

const MOM = { identifier: 'privacy-mom@example.com', displayName: '妈妈', password: 'privacy portal password' };
const CHILD = 'child-erase-7f3a';

/** Every (table, column) of the live schema whose text holds `needle`. */
async function tablesHolding(store: Store, needle: string): Promise<readonly string[]> {
  const schema =
    store.dialect === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0]?.s
      : undefined;
  const hits: string[] = [];
  for (const table of await store.db.introspection.getTables()) {
    if (table.isView || (schema !== undefined && table.schema !== schema)) continue;
    for (const column of table.columns) {
      if (!/char|text/i.test(column.dataType)) continue;
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table.name)}
        where ${sql.ref(column.name)} like ${`%${needle}%`}`.execute(store.db);
      if (Number(rows[0]?.n) > 0) hits.push(`${table.name}.${column.name}`);
    }
  }
  return hits;
}

for (const database of testDatabases()) {
  describe(
    `minors' personal information on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: PortalServer;
      let mom: Visitor;
      let minorId = '';
      let reportKey = '';
      const api = (method: string, path: string, body?: unknown) =>
        callApi(server.url, method, path, { key: server.youthKey, ...(body === undefined ? {} : { body }) });

      before(async () => {
        server = await startPortalServer(database);
        ({ guardian: mom, minorId } = await guardianWithChild(server, MOM, CHILD));
        // Under 14 by birth date.
        const put = await api('PUT', `/v1/youth/minors/${CHILD}`, { birthDate: '2016-05-01' });
        assert.equal(put.status, 200, JSON.stringify(put.body));
        reportKey = (
          await createApiKey(
            server.server.deps.store.db,
            { tenantId: 'acme', scopes: ['report'], name: 'reports' },
            server.now(),
          )
        ).token;
      });
      after(() => server?.close());

      test('the purge job enforces the register’s retention from start-up, and records the run', async () => {
        const { db } = server.server.deps.store;
        // The job is queued at start and runs in the background: wait for its record.
        for (let i = 0; i < 200 && (await listRetentionRuns(db)).length === 0; i += 1) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const [run] = await listRetentionRuns(db);
        assert.ok(run !== undefined, 'a retention run is recorded');
        assert.equal(run.error, null);
      });

      test('processing beyond youth mode is refused with consent_required until a guardian consents in the portal, and again once withdrawn', async () => {
        const ask = () => api('GET', `/v1/youth/minors/${CHILD}/consents/personalised_recommendation`);
        const refused = await ask();
        assert.equal(refused.status, 403);
        assert.equal((refused.body['error'] as { code: string }).code, 'consent_required');
        const page = await mom.get(`/guardian/minors/${minorId}/privacy`);
        assert.equal(page.status, 200);
        assert.match(page.body, /个性化推荐/);
        const given = await mom.post(`/guardian/minors/${minorId}/privacy/consents`, {
          purpose: 'personalised_recommendation',
          do: 'give',
        });
        assert.equal(given.status, 303);
        const ok = await ask();
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        assert.equal(ok.body['granted'], true);
        const list = await api('GET', `/v1/youth/minors/${CHILD}/consents`);
        const consents = list.body['consents'] as { purpose: string; required: boolean; granted: boolean }[];
        assert.deepEqual(
          consents.map((c) => [c.purpose, c.required, c.granted]),
          [
            ['text_retention', true, false],
            ['email_alerts', true, false],
            ['personalised_recommendation', true, true],
          ],
        );
        await mom.post(`/guardian/minors/${minorId}/privacy/consents`, {
          purpose: 'personalised_recommendation',
          do: 'withdraw',
        });
        assert.equal((await ask()).status, 403);
        assert.equal((await api('GET', `/v1/youth/minors/${CHILD}/consents/marketing`)).status, 404);
      });

      test('a child’s text is kept only with the text_retention consent, though the risk check runs either way', async () => {
        const { db } = server.server.deps.store;
        await updateTenantSettings(db, 'acme', { storeText: true });
        server.server.deps.auth.invalidate?.();
        const say = async (ref: string, text: string) => {
          const answer = await callApi(server.url, 'POST', `/v1/conversations/chat-${ref}/messages`, {
            key: server.youthKey,
            body: { messageRef: ref, sender: { ref: CHILD }, receivers: [{ ref: 'friend-1', age: 12 }], text },
          });
          assert.equal(answer.status, 200, JSON.stringify(answer.body));
        };
        await say('m1', '今天作业好多');
        await mom.post(`/guardian/minors/${minorId}/privacy/consents`, { purpose: 'text_retention', do: 'give' });
        await say('m2', '明天一起去图书馆');
        const { rows } = await sql<{
          messageRef: string;
          text: string | null;
        }>`select message_ref, text from conversation_messages
        where sender_ref = ${CHILD} order by message_ref`.execute(db);
        assert.deepEqual(
          rows.map((r) => [r.messageRef, r.text]),
          [
            ['m1', null],
            ['m2', '明天一起去图书馆'],
          ],
        );
      });

      test('a console user’s read of a conversation’s risk record is in the access log', async () => {
        const { db } = server.server.deps.store;
        await createConsoleUser(
          db,
          { username: 'officer', password: 'compliance officer password', role: 'admin' },
          server.now(),
        );
        const officer = new Visitor(server.url);
        await officer.get('/console/sign-in');
        const signed = await officer.post('/console/sign-in', {
          username: 'officer',
          password: 'compliance officer password',
        });
        assert.equal(signed.status, 303);
        assert.equal((await officer.get('/console/conversations/acme/chat-m1')).status, 200);
        const [record] = await listAccessLog(db, { subjectKind: 'conversation' });
        assert.equal(record?.actor, 'user:officer');
        assert.equal(record?.subjectId, 'acme/chat-m1');
        const register = await officer.get('/console/privacy');
        assert.equal(register.status, 200);
        assert.match(register.body, /data-field="youth_minors.birth_date"/);
      });

      test('every portal page of the child, the export and the console’s views are in the one access log, whose chain verifies', async () => {
        const { db } = server.server.deps.store;
        const before = (await listAccessLog(db, { minorId })).length;
        assert.equal((await mom.get(`/guardian/minors/${minorId}`)).status, 200);
        const view = await mom.get(`/guardian/minors/${minorId}/privacy/export`);
        assert.equal(view.status, 200);
        assert.match(view.body, /出生日期/);
        assert.match(view.body, /2016-05-01/, 'the birth date is shown opened to the guardian');
        const json = await mom.get(`/guardian/minors/${minorId}/privacy/export.json`);
        assert.equal(json.status, 200);
        const data = JSON.parse(json.body) as { sections: { table: string; rows: Record<string, unknown>[] }[] };
        assert.equal(data.sections.find((s) => s.table === 'youth_minors')?.rows[0]?.['birthDate'], '2016-05-01');
        const records = await listAccessLog(db, { minorId });
        assert.deepEqual(
          records.slice(0, records.length - before).map((r) => [r.actor.split(':')[0], r.channel, r.action]),
          [
            ['guardian', 'guardian_portal', 'export'],
            ['guardian', 'guardian_portal', 'export'],
            ['guardian', 'guardian_portal', 'view'],
          ],
        );
        assert.equal((await verifyAccessLog(db)).ok, true);
        const exports = await listRightsRequests(db, { minorId });
        assert.ok(exports.every((r) => r.kind === 'export' && r.status === 'completed' && r.completedAt !== null));
      });

      test('a guardian’s read of the child through the guardian API is in the access log too (channel api)', async () => {
        const { db } = server.server.deps.store;
        const session = await callApi(server.url, 'POST', '/v1/guardian/sessions', {
          body: { identifier: MOM.identifier, password: MOM.password },
        });
        assert.equal(session.status, 201, JSON.stringify(session.body));
        const token = session.body['token'] as string;
        const before = (await listAccessLog(db, { minorId })).length;
        const settings = await callApi(server.url, 'GET', `/v1/guardian/minors/${minorId}/settings`, { key: token });
        assert.equal(settings.status, 200, JSON.stringify(settings.body));
        // A refused read (no binding to this id) is not a read.
        assert.notEqual(
          (await callApi(server.url, 'GET', '/v1/guardian/minors/nobody/settings', { key: token })).status,
          200,
        );
        const records = await listAccessLog(db, { minorId });
        assert.deepEqual(
          records.slice(0, records.length - before).map((r) => [r.actor.split(':')[0], r.channel, r.action]),
          [['guardian', 'api', 'view']],
        );
        assert.equal((await verifyAccessLog(db)).ok, true);
      });

      test('erasure removes what the register says, keeps an open case’s evidence with its chain whole, and the receipt says so', async () => {
        const { store } = server.server.deps;
        const { db } = store;
        await heartbeat(server, CHILD, 'erase-beat');
        await api('POST', `/v1/youth/minors/${CHILD}/purchases`, {
          idempotencyKey: 'p-1',
          amountFen: 600,
          kind: 'game_topup',
          description: '皮肤',
        });
        await api('POST', `/v1/youth/minors/${CHILD}/requests`, { kind: 'extra_time', minutes: 15 });
        const harmful = await callApi(server.url, 'POST', '/v1/moderate', {
          key: server.youthKey,
          body: { text: '加我微信 wx12345 私聊给你发红包', userRef: 'stranger-9', targetRef: CHILD },
        });
        assert.equal(harmful.status, 200);
        const report = await callApi(server.url, 'POST', '/v1/reports', {
          key: reportKey,
          body: {
            subject: { kind: 'user', userRef: CHILD },
            category: 'abuse',
            reporterRole: 'guardian',
            description: '有人冒充孩子',
            contact: '13800000000',
          },
        });
        assert.equal(report.status, 201, JSON.stringify(report.body));
        const asked = await mom.post(`/guardian/minors/${minorId}/privacy/erasure`, {});
        assert.equal(asked.status, 303);
        assert.match(asked.location ?? '', /\/guardian\/privacy\/receipts\/rr_/);
        const receiptPage = await mom.get(asked.location!);
        assert.equal(receiptPage.status, 200);
        assert.match(receiptPage.body, /删除回执/);
        assert.doesNotMatch(
          receiptPage.body,
          />[^<]*youth_heartbeats/,
          'a parent reads what the records are, not table names',
        );

        const request = (await listRightsRequests(db, { minorId })).find((r) => r.kind === 'erasure');
        const receipt = request!.receipt!;
        assert.equal(request!.kind, 'erasure');
        assert.ok(request!.completedAt! >= request!.receivedAt);
        const deleted = receipt.deleted.map((l) => l.table);
        for (const table of [
          'youth_heartbeats',
          'youth_usage_days',
          'youth_purchases',
          'youth_requests',
          'guardian_bindings',
          'guardian_alerts',
          'decisions',
          'youth_minors',
        ]) {
          assert.ok(deleted.includes(table), `${table} is erased: ${JSON.stringify(receipt)}`);
        }
        const kept = new Map(receipt.kept.map((l) => [l.table, l]));
        assert.ok(kept.has('reports') && kept.has('cases') && kept.has('evidence'), JSON.stringify(receipt.kept));
        assert.match(kept.get('evidence')!.why.zh, /哈希链/);

        // No table holds the child's identifiers but where the register keeps them, and each is on the receipt.
        for (const needle of [CHILD, minorId, '2016-05-01']) {
          for (const hit of await tablesHolding(store, needle)) {
            const [table, column] = hit.split('.') as [string, string];
            const entry = registerEntry(table, column);
            assert.ok(entry !== undefined, `${hit} holds ${needle} and is not in the register`);
            assert.notEqual(entry.onErasure, 'erase', `${hit} holds ${needle} though the register erases it`);
            assert.ok(kept.has(table), `${hit} holds ${needle} and the receipt does not say it was kept`);
          }
        }
        assert.ok(PI_TABLES.some((t) => t.table === 'pi_access_log'));
        assert.equal((await verifyEvidenceChain(db)).ok, true, 'the evidence chain is whole');
        assert.equal((await verifyAccessLog(db)).ok, true, 'the access log is whole');
        assert.equal((await api('GET', `/v1/youth/minors/${CHILD}`)).status, 404);
        assert.equal((await mom.get(`/guardian/minors/${minorId}`)).status, 404, 'the binding is gone');
        const stranger = new Visitor(server.url);
        assert.notEqual(
          (await stranger.get(asked.location!)).status,
          200,
          'only the guardian who asked reads the receipt',
        );
      });
    },
  );
}
