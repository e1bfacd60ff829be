import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';
import { chainAccessRecord } from '../privacy/access-chain.js';

/**
 * Minors' personal information (issue 18): guardians' consents to processing beyond youth mode (who, when, what for, which
 * notice), one tamper-evident access log of every read of a minor's PI by a person (a hash chain like the evidence chain;
 * the console's case views move into it and their table goes), the rights requests (export, erasure) with their receipts,
 * and the retention runs of the purge job.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const serial = postgres ? sql`bigserial` : sql`integer`;

  await db.schema
    .createTable('pi_consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('minor_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('guardian_id', 'text', (c) => c.notNull())
    .addColumn('notice_version', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'bigint', (c) => c.notNull())
    .addColumn('withdrawn_at', 'bigint')
    .addColumn('withdrawn_by', 'text')
    .execute();
  await db.schema.createIndex('pi_consents_minor').on('pi_consents').columns(['minor_id', 'purpose']).execute();

  await db.schema
    .createTable('pi_access_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('minor_id', 'text')
    .addColumn('minor_involved', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pi_access_log_subject')
    .on('pi_access_log')
    .columns(['subject_kind', 'subject_id', 'created_at'])
    .execute();
  await db.schema.createIndex('pi_access_log_actor').on('pi_access_log').columns(['actor', 'created_at']).execute();
  await db.schema.createIndex('pi_access_log_time').on('pi_access_log').columns(['created_at']).execute();

  await db.schema
    .createTable('pi_rights_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('minor_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addColumn('receipt', 'text')
    .execute();
  await db.schema
    .createIndex('pi_rights_requests_time')
    .on('pi_rights_requests')
    .columns(['tenant_id', 'received_at'])
    .execute();

  await db.schema
    .createTable('pi_retention_runs')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint', (c) => c.notNull())
    .addColumn('removed', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .execute();

  // Append-only in the database itself, like the evidence chain.
  if (postgres) {
    await sql`create trigger pi_access_log_append_only before update or delete on pi_access_log
      for each row execute function reports_append_only()`.execute(db);
  } else {
    for (const op of ['update', 'delete']) {
      await sql`create trigger ${sql.raw(`pi_access_log_no_${op}`)} before ${sql.raw(op)} on pi_access_log
        begin select raise(abort, 'pi_access_log is append-only'); end`.execute(db);
    }
  }

  // The case views so far become the first records of the access log, chained in the order they were made.
  const views = await sql<{
    tenant_id: string;
    case_id: string;
    actor: string;
    minor_involved: number;
    viewed_at: number | string;
  }>`select tenant_id, case_id, actor, minor_involved, viewed_at from case_views order by viewed_at, id`.execute(db);
  let prevHash = '0'.repeat(64);
  let seq = 0;
  for (const view of views.rows) {
    seq += 1;
    const record = chainAccessRecord(seq, prevHash, {
      tenantId: view.tenant_id,
      actor: view.actor,
      channel: view.actor.startsWith('key:') ? 'api' : 'console',
      action: 'view',
      subjectKind: 'case',
      subjectId: view.case_id,
      minorId: null,
      minorInvolved: Number(view.minor_involved) === 1,
      createdAt: Number(view.viewed_at),
    });
    await sql`insert into pi_access_log (seq, tenant_id, actor, channel, action, subject_kind, subject_id, minor_id,
      minor_involved, content_hash, prev_hash, hash, created_at) values (${seq}, ${view.tenant_id}, ${view.actor},
      ${record.channel}, 'view', 'case', ${view.case_id}, ${null}, ${Number(view.minor_involved)}, ${record.contentHash},
      ${record.prevHash}, ${record.hash}, ${record.createdAt})`.execute(db);
    prevHash = record.hash;
  }
  await db.schema.dropTable('case_views').execute();
}
