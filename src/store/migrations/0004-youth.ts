import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Youth mode and guardians: minors (by the platform's pseudonymous ref), daily usage per device-wide Asia/Shanghai day,
 * heartbeats (idempotent by event id), purchases and refund requests, tenant policies, guardian accounts, sessions, sign-in
 * codes, binding codes, bindings, requests, alerts and the audit trail; and `decisions.target_ref`, the minor a moderated
 * text was aimed at.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const serial = postgres ? sql`bigserial` : sql`integer`;

  await db.schema
    .createTable('youth_minors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('minor_ref', 'text', (c) => c.notNull())
    .addColumn('youth_mode', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('birth_date', 'text')
    .addColumn('birth_date_verified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('declared_band', 'text')
    .addColumn('band', 'text', (c) => c.notNull())
    .addColumn('locked_at', 'bigint')
    .addColumn('locked_by', 'text')
    .addColumn('guardian_settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('consents', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('youth_minors_ref', ['tenant_id', 'minor_ref'])
    .execute();

  await db.schema
    .createTable('youth_tenant_policies')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('youth_usage_days')
    .addColumn('minor_id', 'text', (c) => c.notNull().references('youth_minors.id'))
    .addColumn('day_key', 'text', (c) => c.notNull())
    .addColumn('used_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('continuous_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_active_at', 'bigint')
    .addColumn('extra_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('youth_usage_days_pk', ['minor_id', 'day_key'])
    .execute();

  await db.schema
    .createTable('youth_heartbeats')
    .addColumn('minor_id', 'text', (c) => c.notNull().references('youth_minors.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text')
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('counted_at', 'bigint', (c) => c.notNull())
    .addColumn('day_key', 'text', (c) => c.notNull())
    .addColumn('seconds', 'integer', (c) => c.notNull())
    .addColumn('credited_seconds', 'integer', (c) => c.notNull())
    .addColumn('clamps', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('youth_heartbeats_pk', ['minor_id', 'event_id'])
    .execute();
  await db.schema.createIndex('youth_heartbeats_day').on('youth_heartbeats').columns(['minor_id', 'day_key']).execute();

  await db.schema
    .createTable('youth_purchases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('minor_id', 'text', (c) => c.notNull().references('youth_minors.id'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text')
    .addColumn('description', 'text')
    .addColumn('month_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('youth_purchases_key', ['minor_id', 'idempotency_key'])
    .execute();
  await db.schema
    .createIndex('youth_purchases_month')
    .on('youth_purchases')
    .columns(['minor_id', 'month_key'])
    .execute();

  await db.schema
    .createTable('youth_refund_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('minor_id', 'text', (c) => c.notNull().references('youth_minors.id'))
    .addColumn('purchase_id', 'text', (c) => c.notNull().references('youth_purchases.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('youth_refund_requests_purchase', ['purchase_id'])
    .execute();

  await db.schema
    .createTable('guardians')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('identifier', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('guardian_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('guardian_id', 'text', (c) => c.notNull().references('guardians.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('guardian_sessions_guardian').on('guardian_sessions').column('guardian_id').execute();

  await db.schema
    .createTable('guardian_sign_in_codes')
    .addColumn('guardian_id', 'text', (c) => c.primaryKey().references('guardians.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('guardian_binding_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('minor_id', 'text', (c) => c.notNull().references('youth_minors.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('used_by', 'text')
    .execute();

  await db.schema
    .createTable('guardian_bindings')
    .addColumn('guardian_id', 'text', (c) => c.notNull().references('guardians.id'))
    .addColumn('minor_id', 'text', (c) => c.notNull().references('youth_minors.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('guardian_bindings_pk', ['guardian_id', 'minor_id'])
    .execute();
  await db.schema.createIndex('guardian_bindings_minor').on('guardian_bindings').column('minor_id').execute();

  await db.schema
    .createTable('youth_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('minor_id', 'text', (c) => c.notNull().references('youth_minors.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'bigint')
    .addColumn('note', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('youth_requests_minor')
    .on('youth_requests')
    .columns(['minor_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('guardian_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('guardian_id', 'text', (c) => c.notNull().references('guardians.id'))
    .addColumn('minor_id', 'text', (c) => c.notNull().references('youth_minors.id'))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('decision_request_id', 'text', (c) => c.notNull())
    .addColumn('categories', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('guardian_alerts_guardian')
    .on('guardian_alerts')
    .columns(['guardian_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('youth_audit_events')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('minor_id', 'text')
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('youth_audit_events_minor')
    .on('youth_audit_events')
    .columns(['tenant_id', 'minor_id', 'created_at'])
    .execute();

  await db.schema.alterTable('decisions').addColumn('target_ref', 'text').execute();
  await db.schema
    .createIndex('decisions_target')
    .on('decisions')
    .columns(['tenant_id', 'target_ref', 'created_at'])
    .execute();
}
