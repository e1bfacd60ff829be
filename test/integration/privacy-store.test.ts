import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import {
  NON_PI_TABLES,
  PI_TABLES,
  createTenant,
  fieldKeyOf,
  getMinorByRef,
  grantConsent,
  hasConsent,
  installFieldKeyring,
  listAccessLog,
  listAuditEvents,
  listRetentionRuns,
  logAccess,
  migrateToLatest,
  openStore,
  purgeByRegister,
  putMinor,
  recordHeartbeat,
  refsWithoutConsent,
  requireConsent,
  sealPlaintextColumns,
  verifyAccessLog,
  withdrawConsent,
  type FieldKeyring,
  type Store,
} from '../../src/store/index.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';

const NOW = Date.parse('2026-12-07T02:00:00Z');
const PLATFORM = { type: 'platform', id: 'key_test' } as const;
const keyring = (): FieldKeyring => ({ current: fieldKeyOf(randomBytes(32)) });

/** The live schema's tables and columns, of this database's own schema only. */
async function liveSchema(store: Store): Promise<Map<string, Set<string>>> {
  const schema =
    store.dialect === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0]?.s
      : undefined;
  const tables = await store.db.introspection.getTables();
  return new Map(
    tables
      .filter((t) => !t.isView && (schema === undefined || t.schema === schema))
      .map((t) => [t.name, new Set(t.columns.map((c) => c.name))]),
  );
}

describeEachDialect('privacy store', (dialect) => {
  let database: FreshDatabase;
  let store: Store;

  before(async () => {
    database = dialect.fresh();
    store = await openStore({ databaseUrl: database.databaseUrl, databaseSchema: database.databaseSchema });
    await migrateToLatest(store.db);
    await createTenant(store.db, { id: 'acme' }, NOW);
  });
  after(async () => {
    installFieldKeyring(undefined);
    await store.close();
    await database.drop();
  });

  test('the register declares every table and every column of the live schema, and nothing that is not there', async () => {
    const live = await liveSchema(store);
    const declared = new Set([...PI_TABLES.map((t) => t.table), ...Object.keys(NON_PI_TABLES)]);
    const undeclared = [...live.keys()].filter((t) => !declared.has(t));
    assert.deepEqual(undeclared, [], 'tables in the schema that the register does not declare');
    for (const entry of PI_TABLES) {
      const columns = live.get(entry.table);
      assert.ok(columns !== undefined, `${entry.table} is in the register but not in the schema`);
      const listed = [...entry.columns.map((c) => c.column), ...entry.otherColumns];
      assert.deepEqual(
        [...columns].filter((c) => !listed.includes(c)),
        [],
        `${entry.table}: columns the register does not declare`,
      );
      assert.deepEqual(
        listed.filter((c) => !columns.has(c)),
        [],
        `${entry.table}: columns the register declares that the schema does not have`,
      );
      assert.equal(new Set(listed).size, listed.length, `${entry.table}: a column declared twice`);
    }
    for (const table of Object.keys(NON_PI_TABLES)) {
      if (table.startsWith('kysely_')) continue;
      assert.ok(live.has(table), `${table} is declared as holding no PI but is not in the schema`);
    }
  });

  test('docs/privacy.md names every table of the register', () => {
    const doc = readFileSync(new URL('../../../docs/privacy.md', import.meta.url), 'utf8');
    assert.deepEqual(
      PI_TABLES.map((t) => t.table).filter((table) => !doc.includes(`\`${table}\``)),
      [],
    );
  });

  test('the access log chains every record, refuses edits, and names the record that was changed', async () => {
    for (let i = 0; i < 3; i += 1) {
      await logAccess(
        store.db,
        {
          tenantId: 'acme',
          actor: `user:officer${i}`,
          channel: 'console',
          action: 'view',
          subjectKind: 'minor',
          subjectId: `mnr_${i}`,
          minorId: `mnr_${i}`,
          minorInvolved: true,
        },
        NOW + i,
      );
    }
    const ok = await verifyAccessLog(store.db);
    assert.equal(ok.ok, true, JSON.stringify(ok.problems));
    assert.ok(ok.records >= 3);
    const found = await listAccessLog(store.db, { actor: 'user:officer1' });
    assert.deepEqual(
      found.map((r) => r.subjectId),
      ['mnr_1'],
    );
    await assert.rejects(sql`update pi_access_log set actor = 'user:nobody' where seq = 2`.execute(store.db));
    await assert.rejects(sql`delete from pi_access_log where seq = 2`.execute(store.db));
    // Whoever can drop the trigger can edit a record; the chain still tells.
    if (store.dialect === 'postgres')
      await sql`alter table pi_access_log disable trigger pi_access_log_append_only`.execute(store.db);
    else await sql`drop trigger pi_access_log_no_update`.execute(store.db);
    await sql`update pi_access_log set actor = 'user:nobody' where seq = 2`.execute(store.db);
    const broken = await verifyAccessLog(store.db);
    assert.equal(broken.ok, false);
    assert.deepEqual(
      broken.problems.map((p) => [p.seq, p.problem]),
      [[2, 'content_hash_mismatch']],
    );
    await sql`update pi_access_log set actor = 'user:officer1' where seq = 2`.execute(store.db);
    if (store.dialect === 'postgres')
      await sql`alter table pi_access_log enable trigger pi_access_log_append_only`.execute(store.db);
    assert.equal((await verifyAccessLog(store.db)).ok, true);
  });

  test('processing beyond youth mode needs a guardian’s consent under 14, and none from 14', async () => {
    const young = await putMinor(
      store.db,
      { tenantId: 'acme', minorRef: 'kid-10', birthDate: '2016-05-01' },
      PLATFORM,
      NOW,
    );
    const older = await putMinor(
      store.db,
      { tenantId: 'acme', minorRef: 'teen-15', birthDate: '2011-01-01' },
      PLATFORM,
      NOW,
    );
    const declared = await putMinor(
      store.db,
      { tenantId: 'acme', minorRef: 'band-12', band: 'age_12_16' },
      PLATFORM,
      NOW,
    );
    assert.equal(await hasConsent(store.db, { minorId: young.minor.id }, 'text_retention', NOW), false);
    assert.equal(await hasConsent(store.db, { minorId: older.minor.id }, 'text_retention', NOW), true);
    assert.equal(
      await hasConsent(store.db, { minorId: declared.minor.id }, 'text_retention', NOW),
      false,
      '12–16 counts as under 14',
    );
    await assert.rejects(
      requireConsent(store.db, { tenantId: 'acme', minorRef: 'kid-10' }, 'personalised_recommendation', NOW),
      { code: 'consent_required' },
    );
    // Only a bound guardian consents.
    await assert.rejects(
      grantConsent(store.db, { minorId: young.minor.id, guardianId: 'gdn_nobody', purpose: 'text_retention' }, NOW),
      { code: 'not_found' },
    );
    await sql`insert into guardians (id, identifier, display_name, failed_count, created_at) values
      ('gdn_1', 'mum@example.com', '妈妈', 0, ${NOW})`.execute(store.db);
    await sql`insert into guardian_bindings (guardian_id, minor_id, role, created_at) values
      ('gdn_1', ${young.minor.id}, 'primary', ${NOW})`.execute(store.db);
    await assert.rejects(
      grantConsent(store.db, { minorId: young.minor.id, guardianId: 'gdn_1', purpose: 'marketing' }, NOW),
      { code: 'validation_failed' },
    );
    const given = await grantConsent(
      store.db,
      { minorId: young.minor.id, guardianId: 'gdn_1', purpose: 'text_retention' },
      NOW,
    );
    assert.equal(given.noticeVersion.length > 0, true);
    assert.equal(await hasConsent(store.db, { minorId: young.minor.id }, 'text_retention', NOW), true);
    assert.deepEqual(
      [
        ...(await refsWithoutConsent(
          store.db,
          'acme',
          ['kid-10', 'teen-15', 'band-12', 'stranger'],
          'text_retention',
          NOW,
        )),
      ],
      ['band-12'],
    );
    assert.equal(
      await withdrawConsent(
        store.db,
        { minorId: young.minor.id, purpose: 'text_retention', by: 'guardian:gdn_1' },
        NOW + 1,
      ),
      true,
    );
    assert.equal(
      await withdrawConsent(
        store.db,
        { minorId: young.minor.id, purpose: 'text_retention', by: 'guardian:gdn_1' },
        NOW + 2,
      ),
      false,
    );
    assert.equal(await hasConsent(store.db, { minorId: young.minor.id }, 'text_retention', NOW + 3), false);
  });

  test('birth dates are sealed at rest, read back in the clear, and re-sealed under a new key after rotation', async () => {
    const first = keyring();
    installFieldKeyring(first);
    await putMinor(store.db, { tenantId: 'acme', minorRef: 'sealed-1', birthDate: '2015-03-04' }, PLATFORM, NOW);
    const raw = async (): Promise<string> =>
      String(
        (
          await sql<{ b: string }>`select birth_date as b from youth_minors where minor_ref = 'sealed-1'`.execute(
            store.db,
          )
        ).rows[0]?.b,
      );
    assert.match(await raw(), new RegExp(`^enc:v1:${first.current.id}:`));
    assert.equal((await getMinorByRef(store.db, 'acme', 'sealed-1', NOW)).birthDate, '2015-03-04');
    const audit = await sql<{ v: string }>`select new_value as v from youth_audit_events where action = 'minor.create'
      and minor_id = (select id from youth_minors where minor_ref = 'sealed-1')`.execute(store.db);
    assert.doesNotMatch(audit.rows[0]?.v ?? '', /2015-03-04/, 'the audit trail holds the birth date sealed too');
    const minorId = (await getMinorByRef(store.db, 'acme', 'sealed-1', NOW)).id;
    const events = await listAuditEvents(store.db, { tenantId: 'acme', minorId });
    assert.equal((events.at(-1)?.newValue as { birthDate: string }).birthDate, '2015-03-04');
    // Plaintext from before encryption (the minors of the previous test) is sealed by the start-up pass.
    const rotated: FieldKeyring = { current: fieldKeyOf(randomBytes(32)), previous: first.current };
    installFieldKeyring(rotated);
    const result = await sealPlaintextColumns(store.db, rotated);
    assert.ok((result.sealed['youth_minors.birth_date'] ?? 0) >= 2, JSON.stringify(result));
    assert.equal(result.resealed['youth_minors.birth_date'], 1);
    assert.match(await raw(), new RegExp(`^enc:v1:${rotated.current.id}:`));
    installFieldKeyring({ current: rotated.current });
    assert.equal(
      (await getMinorByRef(store.db, 'acme', 'sealed-1', NOW)).birthDate,
      '2015-03-04',
      'the old key is no longer needed',
    );
    const plain = await sql<{ n: number | string }>`select count(*) as n from youth_minors
      where birth_date is not null and birth_date not like 'enc:v1:%'`.execute(store.db);
    assert.equal(Number(plain.rows[0]?.n), 0);
  });

  test('the purge job enforces the register’s retention and records each run', async () => {
    await putMinor(
      store.db,
      { tenantId: 'acme', minorRef: 'old-beats', band: 'age_8_12' },
      PLATFORM,
      NOW - 200 * 86_400_000,
    );
    const beat = (at: number, eventId: string) =>
      recordHeartbeat(
        store.db,
        { tenantId: 'acme', minorRef: 'old-beats', eventId, deviceId: 'd1', occurredAt: at, seconds: 60 },
        at,
      );
    await beat(NOW - 100 * 86_400_000, 'old');
    await beat(NOW - 10 * 86_400_000, 'recent');
    const removed = await purgeByRegister(store.db, () => NOW);
    assert.equal(removed['youth_heartbeats'], 1, JSON.stringify(removed));
    const left = await sql<{ e: string }>`select event_id as e from youth_heartbeats where minor_id =
      (select id from youth_minors where minor_ref = 'old-beats')`.execute(store.db);
    assert.deepEqual(
      left.rows.map((r) => r.e),
      ['recent'],
    );
    const runs = await listRetentionRuns(store.db);
    assert.equal(runs[0]?.removed['youth_heartbeats'], 1);
  });
});
