import { sql, type Kysely } from 'kysely';
import { AppError } from '../../lib/index.js';
import { GENESIS_HASH, chainRecordHash, withChainLock } from '../hash-chain.js';
import type { Database } from '../schema.js';
import { accessContentHash, chainAccessRecord, type AccessFacts } from './access-chain.js';
import { privacyTables, type PiAccessLogTable } from './tables.js';

/** Where a person read a minor's data. */
export const ACCESS_CHANNELS = ['console', 'api', 'guardian_portal'] as const;
export type AccessChannel = (typeof ACCESS_CHANNELS)[number];

/** What they did with it. */
export const ACCESS_ACTIONS = ['view', 'export', 'erase'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** Whose data: one case (with every report in it), one minor's own records, or one conversation's risk record. */
export const ACCESS_SUBJECTS = ['case', 'minor', 'conversation'] as const;
export type AccessSubject = (typeof ACCESS_SUBJECTS)[number];

/** One read to log. */
export interface AccessInput {
  readonly tenantId: string;
  /** `user:<console user>`, `key:<API key id>` or `guardian:<guardian id>`. */
  readonly actor: string;
  readonly channel: AccessChannel;
  readonly action: AccessAction;
  readonly subjectKind: AccessSubject;
  readonly subjectId: string;
  /** The minor's internal id when the subject is one minor's data. */
  readonly minorId?: string | null | undefined;
  readonly minorInvolved: boolean;
}

/** One record of the access log, as the console and the compliance report read it. */
export interface AccessRecord extends AccessInput {
  readonly seq: number;
  readonly minorId: string | null;
  readonly hash: string;
  readonly at: number;
}

/** A search of the access log; every field narrows it. */
export interface AccessQuery {
  readonly tenantId?: string | undefined;
  readonly actor?: string | undefined;
  readonly channel?: AccessChannel | undefined;
  readonly subjectKind?: AccessSubject | undefined;
  readonly subjectId?: string | undefined;
  readonly minorId?: string | undefined;
  readonly minorInvolved?: boolean | undefined;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  /** Newest first; records with a smaller seq than this (paging). */
  readonly beforeSeq?: number | undefined;
  readonly limit?: number | undefined;
}

/** One problem `verifyAccessLog` found. */
export interface AccessLogProblem {
  readonly seq: number;
  readonly problem: 'content_hash_mismatch' | 'record_hash_mismatch' | 'broken_link' | 'missing_record';
  readonly message: string;
}

export interface AccessLogVerification {
  readonly ok: boolean;
  readonly records: number;
  readonly headSeq: number;
  readonly headHash: string;
  readonly problems: readonly AccessLogProblem[];
}

// The access log's advisory lock on PostgreSQL ("qlac" in ASCII), apart from the evidence chain's.
const ACCESS_LOCK_KEY = 0x716c6163;

function factsOf(row: PiAccessLogTable): AccessFacts {
  return {
    tenantId: row.tenantId,
    actor: row.actor,
    channel: row.channel,
    action: row.action,
    subjectKind: row.subjectKind,
    subjectId: row.subjectId,
    minorId: row.minorId,
    minorInvolved: Number(row.minorInvolved) === 1,
    createdAt: Number(row.createdAt),
  };
}

function toAccessRecord(row: PiAccessLogTable): AccessRecord {
  return {
    seq: Number(row.seq),
    tenantId: row.tenantId,
    actor: row.actor,
    channel: row.channel as AccessChannel,
    action: row.action as AccessAction,
    subjectKind: row.subjectKind as AccessSubject,
    subjectId: row.subjectId,
    minorId: row.minorId,
    minorInvolved: Number(row.minorInvolved) === 1,
    hash: row.hash,
    at: Number(row.createdAt),
  };
}

/**
 * Logs one read of a minor's personal information by a person, as the next record of the access log's hash chain. Call it
 * where the data is shown or handed out (a page, an API answer, an export), in the same request; the log is append-only in
 * the database itself.
 */
export async function logAccess(db: Kysely<Database>, input: AccessInput, now: number): Promise<AccessRecord> {
  return withChainLock(db, ACCESS_LOCK_KEY, async (trx) => {
    const t = privacyTables(trx);
    const last = await t
      .selectFrom('piAccessLog')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const record = chainAccessRecord(last === undefined ? 1 : Number(last.seq) + 1, last?.hash ?? GENESIS_HASH, {
      tenantId: input.tenantId,
      actor: input.actor,
      channel: input.channel,
      action: input.action,
      subjectKind: input.subjectKind,
      subjectId: input.subjectId,
      minorId: input.minorId ?? null,
      minorInvolved: input.minorInvolved,
      createdAt: now,
    });
    const row: PiAccessLogTable = {
      seq: record.seq,
      tenantId: record.tenantId,
      actor: record.actor,
      channel: record.channel,
      action: record.action,
      subjectKind: record.subjectKind,
      subjectId: record.subjectId,
      minorId: record.minorId,
      minorInvolved: record.minorInvolved ? 1 : 0,
      contentHash: record.contentHash,
      prevHash: record.prevHash,
      hash: record.hash,
      createdAt: now,
    };
    await t.insertInto('piAccessLog').values(row).execute();
    return toAccessRecord(row);
  });
}

/** Searches the access log, newest first (at most 500 records a page). */
export async function listAccessLog(db: Kysely<Database>, query: AccessQuery = {}): Promise<readonly AccessRecord[]> {
  let q = privacyTables(db).selectFrom('piAccessLog').selectAll();
  if (query.tenantId !== undefined) q = q.where('tenantId', '=', query.tenantId);
  if (query.actor !== undefined) q = q.where('actor', '=', query.actor);
  if (query.channel !== undefined) q = q.where('channel', '=', query.channel);
  if (query.subjectKind !== undefined) q = q.where('subjectKind', '=', query.subjectKind);
  if (query.subjectId !== undefined) q = q.where('subjectId', '=', query.subjectId);
  if (query.minorId !== undefined) q = q.where('minorId', '=', query.minorId);
  if (query.minorInvolved !== undefined) q = q.where('minorInvolved', '=', query.minorInvolved ? 1 : 0);
  if (query.from !== undefined) q = q.where('createdAt', '>=', query.from);
  if (query.to !== undefined) q = q.where('createdAt', '<', query.to);
  if (query.beforeSeq !== undefined) q = q.where('seq', '<', query.beforeSeq);
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
  const rows = await q.orderBy('seq', 'desc').limit(limit).execute();
  return rows.map(toAccessRecord);
}

/**
 * Walks the whole access log in order and lists every record that is broken: facts that no longer hash to the stored
 * content hash, a changed record hash, a link that does not match, or a missing record.
 */
export async function verifyAccessLog(db: Kysely<Database>, pageSize = 1000): Promise<AccessLogVerification> {
  const problems: AccessLogProblem[] = [];
  let previous: { seq: number; hash: string } | undefined;
  let records = 0;
  for (;;) {
    const rows = await privacyTables(db)
      .selectFrom('piAccessLog')
      .selectAll()
      .where('seq', '>', previous?.seq ?? 0)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      const expected = (previous?.seq ?? 0) + 1;
      if (seq !== expected) {
        problems.push({ seq: expected, problem: 'missing_record', message: `records ${expected}–${seq - 1}: missing` });
      }
      const facts = factsOf(row);
      if (accessContentHash(facts) !== row.contentHash) {
        problems.push({ seq, problem: 'content_hash_mismatch', message: `record ${seq}: its columns were changed` });
      }
      // The record hash over the stored content hash: a changed column is named once (above), a changed hash here.
      if (
        chainRecordHash({ seq, createdAt: facts.createdAt, contentHash: row.contentHash, prevHash: row.prevHash }) !==
        row.hash
      ) {
        problems.push({ seq, problem: 'record_hash_mismatch', message: `record ${seq}: its hash does not match` });
      }
      const expectedPrev = seq === 1 ? GENESIS_HASH : previous?.seq === seq - 1 ? previous.hash : undefined;
      if (expectedPrev !== undefined && expectedPrev !== row.prevHash) {
        problems.push({ seq, problem: 'broken_link', message: `record ${seq}: does not link to record ${seq - 1}` });
      }
      previous = { seq, hash: row.hash };
      records += 1;
    }
    if (rows.length < pageSize) break;
  }
  return {
    ok: problems.length === 0,
    records,
    headSeq: previous?.seq ?? 0,
    headHash: previous?.hash ?? GENESIS_HASH,
    problems,
  };
}

/** Checks an access channel from user input. */
export function isAccessChannel(value: string): value is AccessChannel {
  return (ACCESS_CHANNELS as readonly string[]).includes(value);
}

/** The actor string of a console user, an API key or a guardian, as the log records it. */
export function accessActor(kind: 'user' | 'key' | 'guardian', id: string): string {
  if (id === '') throw new AppError('validation_failed', 'An actor needs an id.');
  return `${kind}:${id}`;
}

/**
 * A conversation's risk record as the access log names it: undefined when there is no such conversation, else the internal
 * id of the registered minor it is about (its target), or null when that is no registered minor.
 */
export async function conversationMinor(
  db: Kysely<Database>,
  tenantId: string,
  conversationRef: string,
): Promise<{ readonly minorId: string | null } | undefined> {
  const { rows } = await sql<{ minorId: string | null }>`select m.id as minor_id from conversations c
    left join youth_minors m on m.tenant_id = c.tenant_id and m.minor_ref = c.target_ref
    where c.tenant_id = ${tenantId} and c.conversation_ref = ${conversationRef}`.execute(db);
  return rows.length === 0 ? undefined : { minorId: rows[0]?.minorId ?? null };
}
