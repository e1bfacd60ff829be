import { sql, type Kysely } from 'kysely';

/** Failed sign-ins in a row before an account is locked, and for how long. */
export interface Lockout {
  readonly maxFailures: number;
  readonly lockMs: number;
}

/** The tables whose rows carry `failed_count` and `locked_until`. */
export type LockedTable = 'console_users' | 'guardians';

/**
 * A sign-in attempt's claim on an account: `locked` when the account was locked before it (nothing may be checked);
 * otherwise the attempt has been counted as a failure in advance and `lastChance` says whether it was the one that armed
 * the lock (a failure leaves the account locked until `lockedUntil`).
 */
export type SignInAttempt =
  | { readonly locked: true; readonly lockedUntil: number }
  | { readonly locked: false; readonly lastChance: boolean; readonly lockedUntil: number | null };

function num(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * Counts a sign-in attempt on an account before its password or code is checked, in one atomic statement: an attempt
 * that finds the account locked is refused without hashing, and the attempt that reaches `maxFailures` arms the lock
 * itself, so attempts in flight can neither erase a lock nor get past it (a burst of parallel guesses evaluates at
 * most `maxFailures`). A lock that ran out starts the count again. `clearSignInFailures` undoes the count on success.
 */
export async function claimSignInAttempt<DB>(
  db: Kysely<DB>,
  table: LockedTable,
  id: string,
  now: number,
  lockout: Lockout,
): Promise<SignInAttempt> {
  const until = now + lockout.lockMs;
  const expired = sql`(locked_until is not null and locked_until <= ${now})`;
  const result = await sql<{ failures: number | string; until: number | string | null }>`
    update ${sql.table(table)} set
      failed_count = case when ${expired} then 1 else failed_count + 1 end,
      locked_until = case
        when ${expired} then case when 1 >= ${lockout.maxFailures} then cast(${until} as bigint) else null end
        when failed_count + 1 >= ${lockout.maxFailures} then cast(${until} as bigint)
        else locked_until end
    where id = ${id} and (locked_until is null or locked_until <= ${now})
    returning failed_count as failures, locked_until as until`.execute(db);
  const row = result.rows[0];
  if (row === undefined) {
    const current = await sql<{ until: number | string | null }>`
      select locked_until as until from ${sql.table(table)} where id = ${id}`.execute(db);
    return { locked: true, lockedUntil: num(current.rows[0]?.until) ?? until };
  }
  const lockedUntil = num(row.until);
  return { locked: false, lastChance: lockedUntil !== null, lockedUntil };
}

/** Resets an account's failure count and lock after a right password or code. */
export async function clearSignInFailures<DB>(db: Kysely<DB>, table: LockedTable, id: string): Promise<void> {
  await sql`update ${sql.table(table)} set failed_count = 0, locked_until = null where id = ${id}`.execute(db);
}
