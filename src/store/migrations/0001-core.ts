import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/** Tenants, API keys, tenant lexicons and their versions, the decision log and one-time setup tokens. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const serial = postgres ? sql`bigserial` : sql`integer`;

  await db.schema
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('store_text', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retention_days', 'integer')
    .addColumn('lexicon_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('rate_limit', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('api_keys_tenant').on('api_keys').column('tenant_id').execute();

  await db.schema
    .createTable('lexicon_terms')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('severity', 'text')
    .addColumn('variants', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('lexicon_terms_pk', ['tenant_id', 'term', 'kind'])
    .execute();

  await db.schema
    .createTable('lexicon_versions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('lexicon_versions_pk', ['tenant_id', 'version'])
    .execute();

  // No foreign key to tenants: the log must outlive nothing and block nothing; it is append-only and purged by age.
  await db.schema
    .createTable('decisions')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text')
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('item_index', 'integer')
    .addColumn('user_ref', 'text')
    .addColumn('content_ref', 'text')
    .addColumn('surface', 'text')
    .addColumn('age_band', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('flagged', 'integer', (c) => c.notNull())
    .addColumn('categories', 'text', (c) => c.notNull())
    .addColumn('matches', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('text_length', 'integer', (c) => c.notNull())
    .addColumn('lexicon_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decisions_tenant_time').on('decisions').columns(['tenant_id', 'created_at']).execute();
  await db.schema.createIndex('decisions_time').on('decisions').column('created_at').execute();
  await db.schema.createIndex('decisions_request').on('decisions').column('request_id').execute();

  // Append-only in the database itself, not only by convention: an UPDATE is refused whoever issues it.
  if (postgres) {
    await sql`create function decisions_append_only() returns trigger language plpgsql as $$
      begin raise exception 'decisions are append-only'; end $$`.execute(db);
    await sql`create trigger decisions_no_update before update on decisions
      for each row execute function decisions_append_only()`.execute(db);
  } else {
    await sql`create trigger decisions_no_update before update on decisions
      begin select raise(abort, 'decisions are append-only'); end`.execute(db);
  }

  await db.schema
    .createTable('setup_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
}
