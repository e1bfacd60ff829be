import type { Kysely } from 'kysely';

/**
 * Conversation risk (issue 16): a conversation's running risk state (JSON, bounded by the risk layer) with the level it
 * reached, the alert and case it raised; its latest messages with the signals each carried (bounded per conversation, text
 * kept only when the tenant keeps text); and per sender, what each conversation said of it (the cross-conversation history).
 * All three are purged with the tenant's retention.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('conversations')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('conversation_ref', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('peak_level', 'text', (c) => c.notNull())
    .addColumn('kinds', 'text', (c) => c.notNull())
    .addColumn('target_ref', 'text')
    .addColumn('offenders', 'text', (c) => c.notNull())
    .addColumn('flagged_at', 'integer')
    .addColumn('message_count', 'integer', (c) => c.notNull())
    .addColumn('alerted_level', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversations_pk', ['tenant_id', 'conversation_ref'])
    .execute();
  await db.schema
    .createIndex('conversations_risky')
    .on('conversations')
    .columns(['tenant_id', 'peak_level', 'updated_at'])
    .execute();
  await db.schema.createIndex('conversations_updated').on('conversations').columns(['updated_at']).execute();

  await db.schema
    .createTable('conversation_messages')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('conversation_ref', 'text', (c) => c.notNull())
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('message_ref', 'text')
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('sender_ref', 'text', (c) => c.notNull())
    .addColumn('receivers', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('text_length', 'integer', (c) => c.notNull())
    .addColumn('signals', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_messages_pk', ['tenant_id', 'conversation_ref', 'idx'])
    .addForeignKeyConstraint(
      'conversation_messages_conversation',
      ['tenant_id', 'conversation_ref'],
      'conversations',
      ['tenant_id', 'conversation_ref'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('conversation_senders')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('sender_ref', 'text', (c) => c.notNull())
    .addColumn('conversation_ref', 'text', (c) => c.notNull())
    .addColumn('target_ref', 'text', (c) => c.notNull())
    .addColumn('target_age', 'integer')
    .addColumn('stages', 'text', (c) => c.notNull())
    .addColumn('peak_level', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_senders_pk', ['tenant_id', 'sender_ref', 'conversation_ref', 'target_ref'])
    .addForeignKeyConstraint(
      'conversation_senders_conversation',
      ['tenant_id', 'conversation_ref'],
      'conversations',
      ['tenant_id', 'conversation_ref'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
}
