import type { Generated, Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** One guardian's consent to one purpose for one minor: granted, and withdrawn later or not. */
export interface PiConsentTable {
  id: string;
  tenantId: string;
  /** The minor's internal id (`youth_minors.id`), never the platform's ref. */
  minorId: string;
  purpose: string;
  guardianId: string;
  /** The version of the privacy notice the guardian was shown (`PRIVACY_NOTICE_VERSION` at the time). */
  noticeVersion: string;
  grantedAt: number;
  withdrawnAt: number | null;
  /** Who withdrew: `guardian:<id>`, `user:<console user>` or `key:<API key>`. */
  withdrawnBy: string | null;
}

/** One read of a minor's personal information by a person, chained by hash to the record before it. */
export interface PiAccessLogTable {
  /** Position in the chain, from 1, without gaps. */
  seq: number;
  tenantId: string;
  /** `user:<console user>`, `key:<API key id>` or `guardian:<guardian id>`. */
  actor: string;
  /** `console`, `api` or `guardian_portal`. */
  channel: string;
  /** `view`, `export` or `erase`. */
  action: string;
  /** `case`, `minor` or `conversation` (`<tenant>/<conversation ref>`). */
  subjectKind: string;
  subjectId: string;
  /** The minor's internal id when the subject is one minor's data; null for a case. */
  minorId: string | null;
  minorInvolved: number;
  /** SHA-256 of the canonical JSON of every column above and `createdAt`. */
  contentHash: string;
  prevHash: string;
  /** SHA-256 over seq, time, content hash and previous hash (the evidence chain's record hash). */
  hash: string;
  createdAt: number;
}

/** A guardian's (or the platform's on their behalf) request to export or erase a child's data. */
export interface PiRightsRequestTable {
  id: string;
  tenantId: string;
  minorId: string;
  /** `export` or `erasure`. */
  kind: string;
  /** `guardian_portal`, `console` or `api`. */
  channel: string;
  requestedBy: string;
  /** `received` or `completed`. */
  status: string;
  receivedAt: number;
  completedAt: number | null;
  /** JSON receipt: what was removed and what was kept and why (counts and column names, never the values). */
  receipt: string | null;
}

/** One run of the retention purge: what it removed, by table. */
export interface PiRetentionRunTable {
  id: Generated<number>;
  startedAt: number;
  finishedAt: number;
  /** JSON object: rows removed (or fields cleared) by `table.column` or table. */
  removed: string;
  error: string | null;
}

/** The privacy module's tables, beside the shared schema (they are this module's alone). */
export type PrivacyTables = {
  piConsents: PiConsentTable;
  piAccessLog: PiAccessLogTable;
  piRightsRequests: PiRightsRequestTable;
  piRetentionRuns: PiRetentionRunTable;
};

export type PrivacyDb = Kysely<Database & PrivacyTables>;

/** The handle with the privacy tables in view. */
export const privacyTables = (db: Kysely<Database>): PrivacyDb => db.withTables<PrivacyTables>();
