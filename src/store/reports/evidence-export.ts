import type { Kysely } from 'kysely';
import { AppError } from '../../lib/index.js';
import { getCase } from './cases.js';
import { canonicalJson, sha256Hex, verifyEvidenceChain, type EvidenceProblem } from './evidence.js';
import type { Database } from '../schema.js';

/** The referral bundle for the police or the CAC: one case's material, history and evidence, with hashes and how to check them. */
export interface CaseBundle {
  readonly format: 'qinglang-referral-bundle/1';
  readonly generatedAt: string;
  readonly tenantId: string;
  readonly case: Record<string, unknown>;
  readonly reports: readonly Record<string, unknown>[];
  readonly events: readonly Record<string, unknown>[];
  /** The case's evidence records exactly as stored: `content` is the canonical JSON that was hashed. */
  readonly evidence: readonly {
    readonly seq: number;
    readonly kind: string;
    readonly createdAt: number;
    readonly createdAtIso: string;
    readonly content: string;
    readonly contentHash: string;
    readonly prevHash: string;
    readonly hash: string;
  }[];
  /** The whole chain as verified when the bundle was made. */
  readonly chain: {
    readonly ok: boolean;
    readonly records: number;
    readonly headSeq: number;
    readonly headHash: string;
    readonly problems: readonly EvidenceProblem[];
  };
  /** How to check the hashes, in Chinese and English. */
  readonly verification: string;
  /** SHA-256 of the canonical JSON of every other field of the bundle. */
  readonly bundleHash: string;
}

/** How anyone can check a bundle without this software. */
export const VERIFICATION_NOTE = `校验说明 / How to verify

1. 每条证据的 content 字段是规范化 JSON（键按字典序、无空格）的原始字节；其 SHA-256（十六进制）应等于 contentHash。
   Each evidence record's "content" is canonical JSON (keys sorted, no whitespace), byte for byte; its SHA-256 (hex) must equal
   "contentHash":   printf '%s' "$content" | sha256sum

2. 每条证据的 hash 是字符串 "seq|createdAt|contentHash|prevHash"（十进制数字，以 | 分隔）的 SHA-256；prevHash 是证据链中
   前一条记录的 hash（第一条为 64 个 0）。
   Each record's "hash" is the SHA-256 of the string "seq|createdAt|contentHash|prevHash" (decimal numbers, "|" between);
   "prevHash" is the hash of the previous record in the chain (64 zeros for the first):
   printf '%s' "$seq|$createdAt|$contentHash|$prevHash" | sha256sum

3. 证据链覆盖本系统的全部证据，本案记录之间可能夹有其他案件的记录；chain 字段给出导出时对整条链的校验结果及链头（headSeq、
   headHash）。如需核对，可要求平台在其系统上运行 "qinglang evidence verify" 并比对链头。
   The chain spans all evidence in the system, so other cases' records may sit between this case's records; "chain" gives the
   result of verifying the whole chain when this bundle was made, and its head (headSeq, headHash). The platform can run
   "qinglang evidence verify" on its system and compare the head.

4. bundleHash 是去掉 bundleHash 字段后整个文件的规范化 JSON 的 SHA-256。
   "bundleHash" is the SHA-256 of the canonical JSON of this file without the "bundleHash" field.

举报人的联系方式与平台内部编号不在本文件中；如依法需要，可向平台调取。
The reporters' contact details and platform ids are not in this file; they can be requested from the platform under the law.
`;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * Builds the referral bundle for a case, verifying the whole evidence chain as it does. `tenantId` undefined means any tenant
 * (the CLI and the console); an unknown case is not_found.
 */
export async function exportCaseBundle(
  db: Kysely<Database>,
  tenantId: string | undefined,
  caseId: string,
  now: number,
): Promise<CaseBundle> {
  const detail = await getCase(db, tenantId, caseId, now);
  if (detail === undefined) throw new AppError('not_found', `No case ${caseId}.`);
  const chain = await verifyEvidenceChain(db);
  const c = detail.case;
  const body: Omit<CaseBundle, 'bundleHash'> = {
    format: 'qinglang-referral-bundle/1',
    generatedAt: new Date(now).toISOString(),
    tenantId: c.tenantId,
    case: {
      id: c.id,
      subjectKind: c.subjectKind,
      subjectKey: c.subjectKey,
      status: c.status,
      priority: c.priority,
      category: c.category,
      minorInvolved: c.minorInvolved,
      reportCount: c.reportCount,
      openedAt: iso(c.openedAt),
      firstActionAt: iso(c.firstActionAt),
      closedAt: iso(c.closedAt),
    },
    reports: detail.reports.map((r) => ({
      id: r.id,
      receivedAt: iso(r.createdAt),
      channel: r.channel,
      category: r.category,
      reporterRole: r.reporterRole,
      minorInvolved: r.minorInvolved,
      anonymous: r.anonymous,
      subject: r.subject,
      description: r.description,
      screening: r.screening,
      evidenceSeq: r.evidenceSeq,
    })),
    events: detail.events.map((e) => ({ ...e, at: iso(e.createdAt) })),
    evidence: detail.evidence.map((e) => ({
      seq: e.seq,
      kind: e.kind,
      createdAt: e.createdAt,
      createdAtIso: new Date(e.createdAt).toISOString(),
      content: e.content,
      contentHash: e.contentHash,
      prevHash: e.prevHash,
      hash: e.hash,
    })),
    chain: {
      ok: chain.ok,
      records: chain.records,
      headSeq: chain.headSeq,
      headHash: chain.headHash,
      problems: chain.problems,
    },
    verification: VERIFICATION_NOTE,
  };
  return { ...body, bundleHash: sha256Hex(canonicalJson(body)) };
}
