import type { Kysely } from 'kysely';
import { AppError } from '../../lib/index.js';
import { GENESIS_HASH, canonicalJson, chainRecordHash, sha256Hex, withChainLock } from '../hash-chain.js';
import type { Database, EvidenceRow } from '../schema.js';

export { GENESIS_HASH, canonicalJson, sha256Hex };

// An arbitrary constant naming the chain's advisory lock on PostgreSQL ("qlev" in ASCII).
const CHAIN_LOCK_KEY = 0x716c6576;

/** What kind of material an evidence record holds. */
export const EVIDENCE_KINDS = ['report_snapshot', 'moderation_action'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** One record of the evidence chain. */
export interface EvidenceRecord {
  readonly seq: number;
  readonly tenantId: string;
  readonly caseId: string | null;
  readonly reportId: string | null;
  readonly kind: EvidenceKind;
  /** The canonical JSON that was hashed, byte for byte. */
  readonly content: string;
  readonly contentHash: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly createdAt: number;
}

/** One problem `verifyEvidenceChain` found, naming the record. */
export interface EvidenceProblem {
  readonly seq: number;
  readonly problem:
    'content_hash_mismatch' | 'record_hash_mismatch' | 'broken_link' | 'missing_record' | 'columns_mismatch';
  readonly message: string;
}

/** The outcome of walking the chain. */
export interface EvidenceVerification {
  readonly ok: boolean;
  readonly records: number;
  /** The last record's hash: write it down somewhere else to detect a truncated chain later. */
  readonly headHash: string;
  readonly headSeq: number;
  readonly problems: readonly EvidenceProblem[];
}

/**
 * The record hash: SHA-256 of `seq|createdAt|contentHash|prevHash` (decimal numbers, `|` between fields). It binds a record
 * to its place in the chain, so a record can be neither changed, moved nor dropped without breaking the next link.
 */
export const evidenceRecordHash = chainRecordHash;

function toRecord(row: EvidenceRow): EvidenceRecord {
  return {
    seq: Number(row.seq),
    tenantId: row.tenantId,
    caseId: row.caseId,
    reportId: row.reportId,
    kind: row.kind as EvidenceKind,
    content: row.content,
    contentHash: row.contentHash,
    prevHash: row.prevHash,
    hash: row.hash,
    createdAt: Number(row.createdAt),
  };
}

/**
 * Runs `work` in a transaction that holds the evidence chain's lock, so appends are serialized and the chain cannot fork (see
 * `withChainLock`).
 */
export function withEvidenceLock<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return withChainLock(db, CHAIN_LOCK_KEY, work);
}

/**
 * Appends one record to the chain. Call it only inside `withEvidenceLock` (the caller's transaction), so the record commits
 * or rolls back together with whatever it is evidence of.
 */
export async function appendEvidence(
  trx: Kysely<Database>,
  input: {
    readonly tenantId: string;
    readonly caseId: string | null;
    readonly reportId: string | null;
    readonly kind: EvidenceKind;
    readonly content: unknown;
    readonly now: number;
  },
): Promise<EvidenceRecord> {
  const last = await trx
    .selectFrom('evidence')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seq = last === undefined ? 1 : Number(last.seq) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const content = canonicalJson(input.content);
  const contentHash = sha256Hex(content);
  const createdAt = input.now;
  const hash = evidenceRecordHash({ seq, createdAt, contentHash, prevHash });
  const row: EvidenceRow = {
    seq,
    tenantId: input.tenantId,
    caseId: input.caseId,
    reportId: input.reportId,
    kind: input.kind,
    content,
    contentHash,
    prevHash,
    hash,
    createdAt,
  };
  await trx.insertInto('evidence').values(row).execute();
  return toRecord(row);
}

/**
 * Checks one record against itself and its predecessor (undefined for the first record, or when the predecessor is not at
 * hand): the content hash, the record hash and the link.
 */
export function checkEvidenceRecord(
  record: EvidenceRecord,
  previous: { readonly seq: number; readonly hash: string } | undefined,
): EvidenceProblem[] {
  const problems: EvidenceProblem[] = [];
  const contentHash = sha256Hex(record.content);
  if (contentHash !== record.contentHash) {
    problems.push({
      seq: record.seq,
      problem: 'content_hash_mismatch',
      message: `record ${record.seq}: its content does not hash to the stored content hash (the content was changed)`,
    });
  }
  // The columns that find a record (tenant, case, report, kind) are outside the hashes; they must say what the content says.
  let said: Record<string, unknown> | undefined;
  try {
    said = JSON.parse(record.content) as Record<string, unknown>;
  } catch {
    said = undefined;
  }
  if (
    said === undefined ||
    said['tenantId'] !== record.tenantId ||
    (said['caseId'] ?? null) !== record.caseId ||
    (said['reportId'] ?? null) !== record.reportId ||
    said['kind'] !== record.kind
  ) {
    problems.push({
      seq: record.seq,
      problem: 'columns_mismatch',
      message: `record ${record.seq}: its tenant, case, report or kind columns differ from its content (the record was moved)`,
    });
  }
  if (evidenceRecordHash(record) !== record.hash) {
    problems.push({
      seq: record.seq,
      problem: 'record_hash_mismatch',
      message: `record ${record.seq}: its stored hash does not match its seq, time, content hash and previous hash`,
    });
  }
  if (previous !== undefined && previous.seq === record.seq - 1 && previous.hash !== record.prevHash) {
    problems.push({
      seq: previous.seq,
      problem: 'broken_link',
      message: `record ${previous.seq}: its hash is not the one record ${record.seq} links to (record ${previous.seq} was changed or replaced)`,
    });
  }
  if (previous === undefined && record.seq === 1 && record.prevHash !== GENESIS_HASH) {
    problems.push({ seq: 1, problem: 'broken_link', message: 'record 1: its previous hash is not the genesis hash' });
  }
  return problems;
}

/**
 * Walks the whole chain in order, in pages, and lists every record that is broken: changed content, a changed hash, a link
 * that does not match, or a missing record. A truncated tail is detectable only against a head hash kept elsewhere.
 */
export async function verifyEvidenceChain(
  db: Kysely<Database>,
  options: { readonly pageSize?: number } = {},
): Promise<EvidenceVerification> {
  const pageSize = options.pageSize ?? 1000;
  const problems: EvidenceProblem[] = [];
  let previous: { seq: number; hash: string } | undefined;
  let records = 0;
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('evidence')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const row of rows) {
      const record = toRecord(row);
      const expected = (previous?.seq ?? 0) + 1;
      if (record.seq !== expected) {
        problems.push({
          seq: expected,
          problem: 'missing_record',
          message:
            record.seq === expected + 1
              ? `record ${expected}: missing (deleted)`
              : `records ${expected}–${record.seq - 1}: missing (deleted)`,
        });
        previous = undefined;
      }
      problems.push(...checkEvidenceRecord(record, previous));
      previous = { seq: record.seq, hash: record.hash };
      records += 1;
      after = record.seq;
    }
    if (rows.length < pageSize) break;
  }
  problems.sort((a, b) => a.seq - b.seq);
  return {
    ok: problems.length === 0,
    records,
    headHash: previous?.hash ?? GENESIS_HASH,
    headSeq: previous?.seq ?? 0,
    problems,
  };
}

/** The evidence records of one case, in chain order. */
export async function listCaseEvidence(
  db: Kysely<Database>,
  tenantId: string | undefined,
  caseId: string,
): Promise<readonly EvidenceRecord[]> {
  let q = db.selectFrom('evidence').selectAll().where('caseId', '=', caseId);
  if (tenantId !== undefined) q = q.where('tenantId', '=', tenantId);
  const rows = await q.orderBy('seq').execute();
  return rows.map(toRecord);
}

/** The evidence record with this seq, or a not_found error. */
export async function getEvidenceRecord(db: Kysely<Database>, seq: number): Promise<EvidenceRecord> {
  const row = await db.selectFrom('evidence').selectAll().where('seq', '=', seq).executeTakeFirst();
  if (row === undefined) throw new AppError('not_found', `No evidence record ${seq}.`);
  return toRecord(row);
}
