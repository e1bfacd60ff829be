import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Reports, the cases they group into, the append-only moderation events of each case, the hash-chained evidence store and the
 * access log of case views.
 *
 * @NOTE Evidence has no foreign key to anything: it must outlive the deletion of a report, a case or the reported content, and
 * neither an UPDATE nor a DELETE is accepted by the database. Case events are append-only the same way.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const serial = postgres ? sql`bigserial` : sql`integer`;

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('minor_involved', 'integer', (c) => c.notNull())
    .addColumn('assignee', 'text')
    .addColumn('report_count', 'integer', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('first_action_at', 'bigint')
    .addColumn('sla_breached', 'integer', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .execute();
  // Ordered like the grouping query, so SQLite's planner takes it over cases_tenant_opened without statistics.
  await db.schema.createIndex('cases_subject').on('cases').columns(['tenant_id', 'subject_key', 'opened_at']).execute();
  await db.schema.createIndex('cases_queue').on('cases').columns(['status', 'priority', 'opened_at']).execute();
  await db.schema.createIndex('cases_tenant_opened').on('cases').columns(['tenant_id', 'opened_at']).execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('tracking_code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text')
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('reporter_role', 'text', (c) => c.notNull())
    .addColumn('reporter_ref', 'text')
    .addColumn('minor_involved', 'integer', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('contact', 'text')
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('severity', 'text')
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('lexicon_version', 'integer', (c) => c.notNull())
    .addColumn('evidence_seq', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reports_case').on('reports').column('case_id').execute();
  await db.schema.createIndex('reports_tenant_time').on('reports').columns(['tenant_id', 'created_at']).execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'id']).execute();

  // The chain's order is `seq`, assigned by the writer that holds the chain lock: a gap means a deleted record (a serial would
  // leave gaps on every rolled-back transaction).
  await db.schema
    .createTable('evidence')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('report_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evidence_case').on('evidence').columns(['case_id', 'seq']).execute();

  await db.schema
    .createTable('case_views')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('minor_involved', 'integer', (c) => c.notNull())
    .addColumn('viewed_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_views_case').on('case_views').columns(['case_id', 'viewed_at']).execute();
  await db.schema.createIndex('case_views_actor').on('case_views').columns(['actor', 'viewed_at']).execute();

  // Append-only in the database itself: whoever issues an UPDATE or DELETE on these tables is refused.
  if (postgres) {
    await sql`create function reports_append_only() returns trigger language plpgsql as $$
      begin raise exception '% is append-only', tg_table_name; end $$`.execute(db);
    for (const table of ['evidence', 'case_events', 'case_views']) {
      await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
        for each row execute function reports_append_only()`.execute(db);
    }
  } else {
    for (const table of ['evidence', 'case_events', 'case_views']) {
      for (const op of ['update', 'delete']) {
        await sql`create trigger ${sql.raw(`${table}_no_${op}`)} before ${sql.raw(op)} on ${sql.table(table)}
          begin select raise(abort, ${sql.lit(`${table} is append-only`)}); end`.execute(db);
      }
    }
  }
}
