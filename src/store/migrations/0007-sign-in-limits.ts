import type { Kysely } from 'kysely';

/**
 * Limits on guardian one-time codes per account: when the last code went out (`code_sent_at`, one a minute) and how many
 * went out in the current day-long window (`codes_sent` since `codes_window_at`), so that codes cannot be asked for and
 * guessed without end.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('guardians').addColumn('code_sent_at', 'bigint').execute();
  await db.schema
    .alterTable('guardians')
    .addColumn('codes_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('guardians').addColumn('codes_window_at', 'bigint').execute();
}
