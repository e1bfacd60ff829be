import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * The youth content pool (issue 17): items a platform registers, each one's rating per band with its reasons (and the
 * reviewer's decision that overrides it, for the item's content version), the append-only events of every item (registered,
 * updated, withdrawn, reviewed, rerated: who, when, what moved), the rater each tenant's ratings were derived with, the item
 * themes for filtering, and the themes a guardian switched off for a minor.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const serial = dialectOf(db) === 'postgres' ? sql`bigserial` : sql`integer`;
  await db.schema
    .createTable('pool_items')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('item_ref', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('themes', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('creator', 'text')
    .addColumn('duration_seconds', 'integer')
    .addColumn('published_at', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('withdrawn_reason', 'text')
    .addColumn('min_band', 'text')
    .addColumn('rated_with', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pool_items_pk', ['tenant_id', 'item_ref'])
    .execute();

  await db.schema
    .createTable('pool_item_themes')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('item_ref', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pool_item_themes_pk', ['tenant_id', 'theme', 'item_ref'])
    .addForeignKeyConstraint('pool_item_themes_item', ['tenant_id', 'item_ref'], 'pool_items', [
      'tenant_id',
      'item_ref',
    ])
    .execute();

  await db.schema
    .createTable('pool_ratings')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('band', 'text', (c) => c.notNull())
    .addColumn('item_ref', 'text', (c) => c.notNull())
    .addColumn('rating', 'text', (c) => c.notNull())
    .addColumn('auto_rating', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('review_rating', 'text')
    .addColumn('review_note', 'text')
    .addColumn('reviewed_version', 'integer')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pool_ratings_pk', ['tenant_id', 'band', 'item_ref'])
    .addForeignKeyConstraint('pool_ratings_item', ['tenant_id', 'item_ref'], 'pool_items', ['tenant_id', 'item_ref'])
    .execute();
  await db.schema
    .createIndex('pool_ratings_by_rating')
    .on('pool_ratings')
    .columns(['tenant_id', 'band', 'rating', 'item_ref'])
    .execute();

  await db.schema
    .createTable('pool_events')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('item_ref', 'text', (c) => c.notNull())
    .addColumn('item_version', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('note', 'text')
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pool_events_item').on('pool_events').columns(['tenant_id', 'item_ref', 'id']).execute();
  await db.schema.createIndex('pool_events_type').on('pool_events').columns(['tenant_id', 'type', 'id']).execute();

  await db.schema
    .createTable('pool_state')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
    .addColumn('rated_with', 'text', (c) => c.notNull())
    .addColumn('rated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('pool_theme_blocks')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('minor_ref', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('guardian_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pool_theme_blocks_pk', ['tenant_id', 'minor_ref', 'theme'])
    .execute();
}
