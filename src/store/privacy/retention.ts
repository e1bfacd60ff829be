import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { PI_TABLES } from './register.js';
import { privacyTables } from './tables.js';

const DAY_MS = 86_400_000;

/** What one retention run removed: rows deleted (by table) and fields cleared (by `table.column`). */
export type RetentionResult = Readonly<Record<string, number>>;

/**
 * Enforces the register's retention: every table with a `days` rule loses the rows (or, with `clear`, the fields) older
 * than its time, and reporters' contacts are cleared once their case has been closed for the given days. Tables kept by the
 * tenant's decision-log retention are purged by `purgeDecisions` and `purgeConversations`, which the same job runs; those
 * under `legal_hold` are never purged here. The run and its counts are recorded (for the compliance report).
 */
export async function purgeByRegister(db: Kysely<Database>, clock: () => number): Promise<RetentionResult> {
  const now = clock();
  const removed: Record<string, number> = {};
  let error: string | null = null;
  try {
    for (const entry of PI_TABLES) {
      const rule = entry.retention;
      if (rule.kind === 'days') {
        const cutoff = now - rule.days * DAY_MS;
        const statuses =
          rule.statuses === undefined ? sql`` : sql` and status in (${sql.join(rule.statuses.map((s) => sql`${s}`))})`;
        const result =
          rule.clear === undefined
            ? await sql`delete from ${sql.table(entry.table)} where ${sql.ref(rule.timeColumn)} < ${cutoff}${statuses}`.execute(
                db,
              )
            : await sql`update ${sql.table(entry.table)} set ${sql.join(rule.clear.map((c) => sql`${sql.ref(c)} = null`))}
                where ${sql.ref(rule.timeColumn)} < ${cutoff}${statuses}`.execute(db);
        const n = Number(result.numAffectedRows ?? 0n);
        if (n > 0) removed[entry.table] = n;
      } else if (rule.kind === 'after_case_closed') {
        const cutoff = now - rule.days * DAY_MS;
        const anyLeft = sql.join(
          rule.clear.map((c) => sql`${sql.ref(c)} is not null`),
          sql` or `,
        );
        const result =
          await sql`update ${sql.table(entry.table)} set ${sql.join(rule.clear.map((c) => sql`${sql.ref(c)} = null`))}
          where (${anyLeft}) and case_id in (select id from cases where closed_at is not null and closed_at < ${cutoff})`.execute(
            db,
          );
        const n = Number(result.numAffectedRows ?? 0n);
        if (n > 0) removed[`${entry.table}.${rule.clear.join('+')}`] = n;
      }
    }
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
    throw caught;
  } finally {
    await privacyTables(db)
      .insertInto('piRetentionRuns')
      .values({ startedAt: now, finishedAt: clock(), removed: JSON.stringify(removed), error })
      .execute();
  }
  return removed;
}

/** Retention runs, newest first, for the compliance report. */
export async function listRetentionRuns(
  db: Kysely<Database>,
  query: {
    readonly from?: number | undefined;
    readonly to?: number | undefined;
    readonly limit?: number | undefined;
  } = {},
): Promise<
  readonly {
    readonly startedAt: number;
    readonly finishedAt: number;
    readonly removed: RetentionResult;
    readonly error: string | null;
  }[]
> {
  let q = privacyTables(db).selectFrom('piRetentionRuns').selectAll();
  if (query.from !== undefined) q = q.where('startedAt', '>=', query.from);
  if (query.to !== undefined) q = q.where('startedAt', '<', query.to);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(query.limit ?? 1000)
    .execute();
  return rows.map((r) => ({
    startedAt: Number(r.startedAt),
    finishedAt: Number(r.finishedAt),
    removed: JSON.parse(r.removed) as RetentionResult,
    error: r.error,
  }));
}
