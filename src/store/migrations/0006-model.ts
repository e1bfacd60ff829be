import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * The model stage: a tenant's stricter flag threshold for model scores (`tenants.model_threshold`, null: the band's
 * default), and each decision's model scores and signals (`decisions.scores`, `decisions.signals`, JSON text; null when
 * the service ran without the model).
 *
 * @NOTE A probability needs a double on PostgreSQL: its `real` is 4 bytes and would read 0.3 back as 0.30000001192.
 * SQLite's `real` is already 8 bytes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const double = dialectOf(db) === 'postgres' ? 'double precision' : 'real';
  await db.schema.alterTable('tenants').addColumn('model_threshold', double).execute();
  await db.schema.alterTable('decisions').addColumn('scores', 'text').execute();
  await db.schema.alterTable('decisions').addColumn('signals', 'text').execute();
}
