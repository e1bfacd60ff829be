import type { Kysely } from 'kysely';

/**
 * The incident register (issue 18): personal-information breaches and other security incidents, the notification steps the
 * law sets for each with its deadline, and an append-only history of every change (who, when, what).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('minors_affected', 'integer', (c) => c.notNull())
    .addColumn('pi_kinds', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('discovered_at', 'bigint', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('incidents_tenant_discovered')
    .on('incidents')
    .columns(['tenant_id', 'discovered_at'])
    .execute();
  await db.schema
    .createTable('incident_steps')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('done_at', 'bigint')
    .addColumn('done_by', 'text')
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('incident_steps_pk', ['incident_id', 'step'])
    .execute();
  await db.schema
    .createTable('incident_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_events_incident')
    .on('incident_events')
    .columns(['incident_id', 'created_at'])
    .execute();
}
