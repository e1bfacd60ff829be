import type { Kysely } from 'kysely';

/**
 * Bulk sweeps (issue 19): a backlog of texts submitted at once and moderated by workers. `sweeps` holds each sweep's
 * counters; `sweep_items` one row per input line, keyed by (sweep, index): the text until it is moderated, then its result
 * line. An item moves from `pending` to `done` once, in the transaction that writes its decision, so a chunk handled twice
 * (a worker killed mid-chunk) logs each item once. Lines that could not be read are `invalid` rows with their error.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sweeps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('age_band', 'text', (c) => c.notNull())
    .addColumn('surface', 'text')
    .addColumn('key_id', 'text')
    .addColumn('chunk_size', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('flagged', 'integer', (c) => c.notNull())
    .addColumn('invalid', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema.createIndex('sweeps_tenant').on('sweeps').columns(['tenant_id', 'created_at']).execute();
  await db.schema.createIndex('sweeps_status').on('sweeps').columns(['status', 'updated_at']).execute();

  await db.schema
    .createTable('sweep_items')
    .addColumn('sweep_id', 'text', (c) => c.notNull().references('sweeps.id'))
    .addColumn('item_index', 'integer', (c) => c.notNull())
    .addColumn('ref', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('options', 'text')
    .addColumn('result', 'text')
    .addColumn('done_at', 'bigint')
    .addPrimaryKeyConstraint('sweep_items_pk', ['sweep_id', 'item_index'])
    .execute();
}
