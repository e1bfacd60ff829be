import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { dialectOf } from './dialect.js';

/** The previous hash of the first record in a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level and no whitespace: the same value always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonical JSON has no NaN or Infinity');
    if (value === undefined) throw new Error('canonical JSON has no undefined');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 of a UTF-8 string, hex. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A chained record's hash: SHA-256 of `seq|createdAt|contentHash|prevHash` (decimal numbers, `|` between fields). It binds a
 * record to its place in the chain, so a record can be neither changed, moved nor dropped without breaking the next link.
 */
export function chainRecordHash(record: {
  readonly seq: number;
  readonly createdAt: number;
  readonly contentHash: string;
  readonly prevHash: string;
}): string {
  return sha256Hex(`${record.seq}|${record.createdAt}|${record.contentHash}|${record.prevHash}`);
}

/**
 * Runs `work` in a transaction that holds one chain's lock (`key` names it), so appends are serialized and the chain cannot
 * fork: on PostgreSQL a transaction-scoped advisory lock; on SQLite `BEGIN IMMEDIATE`, which takes the database's single write
 * lock at once (other processes wait on busy_timeout; this process's Kysely connection is one at a time anyway).
 */
export async function withChainLock<DB, T>(
  db: Kysely<DB>,
  key: number,
  work: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (dialectOf(db as unknown as Kysely<unknown>) === 'postgres') {
    const locked = async (trx: Kysely<DB>): Promise<T> => {
      await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
      return work(trx);
    };
    return db.isTransaction ? locked(db) : db.transaction().execute((trx: Transaction<DB>) => locked(trx));
  }
  // @NOTE On SQLite a caller's transaction already holds the write lock once it has written; it must have begun IMMEDIATE.
  if (db.isTransaction) return work(db);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}
