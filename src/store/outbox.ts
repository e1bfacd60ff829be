import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../lib/index.js';
import { dialectOf } from './dialect.js';
import type { Database } from './schema.js';

/** The outbox tables: rows that go out (webhook deliveries, guardians' notifications), each retried until delivered. */
export type OutboxTable = 'webhookDeliveries' | 'guardianNotifications';

export const OUTBOX_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Retry schedule: the n-th failed attempt waits `baseMs · 2^(n-1)`, at most `maxMs`; after `maxAttempts` attempts the row is
 * `failed` for good (about 1.5 days of retries with these values).
 */
export const OUTBOX_RETRY = { baseMs: 10_000, maxMs: 6 * 3_600_000, maxAttempts: 12 } as const;

/** How long a claimed row is reserved for the dispatcher that claimed it before another may take it. */
export const OUTBOX_CLAIM_LEASE_MS = 60_000;

/** The backoff after the given number of failed attempts (1 for the first failure). */
export function outboxBackoffMs(failedAttempts: number): number {
  return Math.min(OUTBOX_RETRY.maxMs, OUTBOX_RETRY.baseMs * 2 ** Math.max(0, failedAttempts - 1));
}

// Both outbox tables have the same delivery columns; the queries below touch only those, so one table's type serves both.
const as = (table: OutboxTable) => table as 'webhookDeliveries';

/**
 * Takes up to `limit` due rows (oldest due first) and reserves them for `OUTBOX_CLAIM_LEASE_MS`, counting the attempt, so
 * that two dispatchers (replicas) never send the same row at once; returns their ids. Call it inside a transaction. On
 * PostgreSQL rows another dispatcher is claiming are skipped (`for update skip locked`); SQLite serializes writers, so the
 * transaction alone suffices there.
 */
export async function claimDueIds(
  trx: Transaction<Database>,
  table: OutboxTable,
  options: { readonly now: number; readonly limit: number },
): Promise<readonly string[]> {
  let due = trx
    .selectFrom(as(table))
    .select('id')
    .where('status', '=', 'pending')
    .where('nextAttemptAt', '<=', options.now)
    .orderBy('nextAttemptAt')
    .orderBy('id')
    .limit(options.limit);
  if (dialectOf(trx as unknown as Kysely<unknown>) === 'postgres') due = due.forUpdate().skipLocked();
  const ids = (await due.execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  await trx
    .updateTable(as(table))
    .set((eb) => ({ attempts: eb('attempts', '+', 1), nextAttemptAt: options.now + OUTBOX_CLAIM_LEASE_MS }))
    .where('id', 'in', ids)
    .execute();
  return ids;
}

/** Records a successful attempt. */
export async function markOutboxDelivered(
  db: Kysely<Database>,
  table: OutboxTable,
  id: string,
  now: number,
): Promise<void> {
  await db
    .updateTable(as(table))
    .set({ status: 'delivered', deliveredAt: now, lastError: null })
    .where('id', '=', id)
    .execute();
}

/**
 * Records a failed attempt: the row is retried after `outboxBackoffMs(attempts)`, or marked `failed` once it has had
 * `OUTBOX_RETRY.maxAttempts` attempts. Returns the new state.
 */
export async function markOutboxFailed(
  db: Kysely<Database>,
  table: OutboxTable,
  id: string,
  error: string,
  now: number,
): Promise<{ readonly status: OutboxStatus; readonly nextAttemptAt: number }> {
  const row = await db.selectFrom(as(table)).select('attempts').where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new AppError('not_found', `No outbox row ${id}.`);
  const giveUp = row.attempts >= OUTBOX_RETRY.maxAttempts;
  const nextAttemptAt = now + outboxBackoffMs(row.attempts);
  await db
    .updateTable(as(table))
    .set({ status: giveUp ? 'failed' : 'pending', nextAttemptAt, lastError: error.slice(0, 500) })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
  return { status: giveUp ? 'failed' : 'pending', nextAttemptAt };
}
