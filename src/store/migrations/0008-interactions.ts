import type { Kysely } from 'kysely';

/**
 * The interaction controls of 《未成年人网络保护条例》 Art 26: a minor's own choices of who sees their posts, may comment
 * and may repost (`youth_minors.interaction_choices`, JSON; the guardian's are in `guardian_settings`), and the users a
 * minor blocked (`youth_blocks`). An index finds a device's previous heartbeat, the evidence for a long one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('youth_minors')
    .addColumn('interaction_choices', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .createTable('youth_blocks')
    .addColumn('minor_id', 'text', (c) => c.notNull().references('youth_minors.id').onDelete('cascade'))
    .addColumn('user_ref', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('youth_blocks_pk', ['minor_id', 'user_ref'])
    .execute();
  await db.schema
    .createIndex('youth_heartbeats_device')
    .on('youth_heartbeats')
    .columns(['minor_id', 'device_id', 'counted_at'])
    .execute();
}
