import type { Kysely } from 'kysely';

/**
 * Guardians' notifications: each guardian's choices (`guardians.notify_choices`, JSON: channels, e-mail address, alert kinds,
 * quiet hours) and an outbox of alert notifications, one row per alert and channel, written in the transaction that raises the
 * alert and retried until delivered, like webhook deliveries, so a crash or an unreachable mail server loses none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('guardians')
    .addColumn('notify_choices', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .createTable('guardian_notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('guardian_id', 'text', (c) => c.notNull().references('guardians.id').onDelete('cascade'))
    .addColumn('alert_id', 'text', (c) => c.notNull().references('guardian_alerts.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('guardian_notifications_due')
    .on('guardian_notifications')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('guardian_notifications_guardian')
    .on('guardian_notifications')
    .columns(['guardian_id', 'created_at'])
    .execute();
}
