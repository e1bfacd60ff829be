import { canonicalJson, chainRecordHash, sha256Hex } from '../hash-chain.js';

/** What one access-log record says, before it is chained. */
export interface AccessFacts {
  readonly tenantId: string;
  readonly actor: string;
  readonly channel: string;
  readonly action: string;
  readonly subjectKind: string;
  readonly subjectId: string;
  readonly minorId: string | null;
  readonly minorInvolved: boolean;
  readonly createdAt: number;
}

/** A record's facts with its place in the chain. */
export interface ChainedAccess extends AccessFacts {
  readonly seq: number;
  readonly contentHash: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** The hash of a record's facts: every column but the chain's own, as canonical JSON. */
export function accessContentHash(facts: AccessFacts): string {
  return sha256Hex(
    canonicalJson({
      tenantId: facts.tenantId,
      actor: facts.actor,
      channel: facts.channel,
      action: facts.action,
      subjectKind: facts.subjectKind,
      subjectId: facts.subjectId,
      minorId: facts.minorId,
      minorInvolved: facts.minorInvolved,
      createdAt: facts.createdAt,
    }),
  );
}

/**
 * Chains one record after the one whose hash is `prevHash`. The record hash is the evidence chain's (seq, time, content hash,
 * previous hash), so the same verifier logic and the same reasoning hold: no record can be changed, moved or dropped without
 * breaking the next link.
 */
export function chainAccessRecord(seq: number, prevHash: string, facts: AccessFacts): ChainedAccess {
  const contentHash = accessContentHash(facts);
  return {
    ...facts,
    seq,
    contentHash,
    prevHash,
    hash: chainRecordHash({ seq, createdAt: facts.createdAt, contentHash, prevHash }),
  };
}
