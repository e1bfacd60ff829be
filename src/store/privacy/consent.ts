import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../lib/index.js';
import type { Database, YouthMinorRow } from '../schema.js';
import { openField } from './field-crypto.js';
import { privacyTables, type PiConsentTable } from './tables.js';
import type { Bilingual } from './register.js';

/** The version of the privacy notice guardians are shown (docs/privacy.md); a consent records the version it was given on. */
export const PRIVACY_NOTICE_VERSION = '2026-12';

/**
 * The processing of a child's data that goes beyond what youth mode itself needs, each of which needs a guardian's
 * consent for a child under 14 (PIPL Art 31). Youth mode itself (age band, time limits, curfew, spending caps, guardian
 * controls, in-portal safety alerts, reports and their evidence, the conversation-risk check) is a legal duty and needs none.
 */
export const CONSENT_PURPOSES = {
  text_retention: {
    zh: '保存孩子发出的原文，供审核人员复核（不同意时仍会自动检查风险，但不保存原文）',
    en: 'Keeping the original text the child sends, for moderators to review (without it risks are still checked; the text is not kept)',
  },
  email_alerts: {
    zh: '通过电子邮件（经第三方邮件服务）把关于孩子的安全提醒发给家长',
    en: 'Sending safety alerts about the child by e-mail (through a third-party mail service)',
  },
  personalised_recommendation: {
    zh: '平台根据孩子的使用情况做个性化推荐',
    en: "The platform's personalised recommendations from the child's use",
  },
} as const satisfies Record<string, Bilingual>;
export type ConsentPurpose = keyof typeof CONSENT_PURPOSES;
export const CONSENT_PURPOSE_IDS = Object.keys(CONSENT_PURPOSES) as readonly ConsentPurpose[];

/** True when the string is a consent purpose. */
export function isConsentPurpose(value: string): value is ConsentPurpose {
  return Object.hasOwn(CONSENT_PURPOSES, value);
}

/** One consent as recorded. */
export interface Consent {
  readonly id: string;
  readonly minorId: string;
  readonly purpose: ConsentPurpose;
  readonly guardianId: string;
  readonly noticeVersion: string;
  readonly grantedAt: number;
  readonly withdrawnAt: number | null;
  readonly withdrawnBy: string | null;
}

/** Where a minor stands on each purpose. */
export interface ConsentStatus {
  readonly purpose: ConsentPurpose;
  /** False when the child is 14 or older: youth mode's own rules apply and no consent is asked for. */
  readonly required: boolean;
  /** The consent in force, if any. */
  readonly current: Consent | undefined;
}

const BANDS_UNDER_14 = ['under_3', 'age_3_8', 'age_8_12', 'age_12_16'];

/**
 * True when the child is under 14 on the day of `now`. From the birth date when there is one; from a declared band
 * otherwise, where 12–16 counts as under 14 (PIPL: when in doubt, the stricter rule).
 */
export function isUnder14(row: Pick<YouthMinorRow, 'birthDate' | 'declaredBand' | 'band'>, now: number): boolean {
  const birthDate = openField('birth_date', row.birthDate);
  if (birthDate !== null) {
    const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
    const day = new Date(now + 8 * 3_600_000);
    const age =
      day.getUTCFullYear() -
      y -
      (day.getUTCMonth() + 1 < m || (day.getUTCMonth() + 1 === m && day.getUTCDate() < d) ? 1 : 0);
    return age < 14;
  }
  return BANDS_UNDER_14.includes(row.declaredBand ?? row.band);
}

function toConsent(row: PiConsentTable): Consent {
  return {
    id: row.id,
    minorId: row.minorId,
    purpose: row.purpose as ConsentPurpose,
    guardianId: row.guardianId,
    noticeVersion: row.noticeVersion,
    grantedAt: Number(row.grantedAt),
    withdrawnAt: row.withdrawnAt === null ? null : Number(row.withdrawnAt),
    withdrawnBy: row.withdrawnBy,
  };
}

async function minorRow(db: Kysely<Database>, minorId: string): Promise<YouthMinorRow> {
  const row = await db.selectFrom('youthMinors').selectAll().where('id', '=', minorId).executeTakeFirst();
  if (row === undefined) throw new AppError('not_found', `No minor ${minorId}.`);
  return row;
}

function checkPurpose(purpose: string): ConsentPurpose {
  if (!isConsentPurpose(purpose)) {
    throw new AppError('validation_failed', `Unknown consent purpose ${purpose}.`, [
      { path: 'purpose', message: `one of ${CONSENT_PURPOSE_IDS.join(', ')}` },
    ]);
  }
  return purpose;
}

/** Every consent ever given for a minor, newest first. */
export async function listConsents(db: Kysely<Database>, minorId: string): Promise<readonly Consent[]> {
  const rows = await privacyTables(db)
    .selectFrom('piConsents')
    .selectAll()
    .where('minorId', '=', minorId)
    .orderBy('grantedAt', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toConsent);
}

/** Where a minor stands on every purpose at `now`. */
export async function consentStatus(
  db: Kysely<Database>,
  minorId: string,
  now: number,
): Promise<readonly ConsentStatus[]> {
  const row = await minorRow(db, minorId);
  const required = isUnder14(row, now);
  const all = await listConsents(db, minorId);
  return CONSENT_PURPOSE_IDS.map((purpose) => ({
    purpose,
    required,
    current: all.find((c) => c.purpose === purpose && c.withdrawnAt === null),
  }));
}

/**
 * Records a bound guardian's consent to one purpose, on the current notice version. Giving it again while one is in force
 * changes nothing and returns the one in force. A guardian not bound to the minor is `not_found`.
 */
export async function grantConsent(
  db: Kysely<Database>,
  input: { readonly minorId: string; readonly guardianId: string; readonly purpose: string },
  now: number,
): Promise<Consent> {
  const purpose = checkPurpose(input.purpose);
  return db.transaction().execute(async (trx) => {
    const bound = await trx
      .selectFrom('guardianBindings')
      .select('minorId')
      .where('guardianId', '=', input.guardianId)
      .where('minorId', '=', input.minorId)
      .executeTakeFirst();
    if (bound === undefined) throw new AppError('not_found', `No minor ${input.minorId} bound to this guardian.`);
    const row = await minorRow(trx, input.minorId);
    const t = privacyTables(trx);
    const current = await t
      .selectFrom('piConsents')
      .selectAll()
      .where('minorId', '=', input.minorId)
      .where('purpose', '=', purpose)
      .where('withdrawnAt', 'is', null)
      .executeTakeFirst();
    if (current !== undefined) return toConsent(current);
    const consent = {
      id: `cns_${randomUUID().replaceAll('-', '')}`,
      tenantId: row.tenantId,
      minorId: input.minorId,
      purpose,
      guardianId: input.guardianId,
      noticeVersion: PRIVACY_NOTICE_VERSION,
      grantedAt: now,
      withdrawnAt: null,
      withdrawnBy: null,
    };
    await t.insertInto('piConsents').values(consent).execute();
    return toConsent(consent);
  });
}

/**
 * Withdraws the consent in force for one purpose (any bound guardian may, or the platform on their behalf: `by` says who).
 * Returns false when none was in force. Processing that needed it stops from now on.
 */
export async function withdrawConsent(
  db: Kysely<Database>,
  input: { readonly minorId: string; readonly purpose: string; readonly by: string },
  now: number,
): Promise<boolean> {
  const purpose = checkPurpose(input.purpose);
  await minorRow(db, input.minorId);
  const result = await privacyTables(db)
    .updateTable('piConsents')
    .set({ withdrawnAt: now, withdrawnBy: input.by })
    .where('minorId', '=', input.minorId)
    .where('purpose', '=', purpose)
    .where('withdrawnAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * True when the store may process a minor's data for `purpose` at `now`: the child is 14 or older, or a guardian's consent
 * is in force. An unknown minor is `not_found`.
 */
export async function hasConsent(
  db: Kysely<Database>,
  minor: { readonly minorId: string } | { readonly tenantId: string; readonly minorRef: string },
  purpose: ConsentPurpose,
  now: number,
): Promise<boolean> {
  let q = db.selectFrom('youthMinors').selectAll();
  q =
    'minorId' in minor
      ? q.where('id', '=', minor.minorId)
      : q.where('tenantId', '=', minor.tenantId).where('minorRef', '=', minor.minorRef);
  const row = await q.executeTakeFirst();
  if (row === undefined) {
    throw new AppError('not_found', `No minor ${'minorId' in minor ? minor.minorId : minor.minorRef}.`);
  }
  if (!isUnder14(row, now)) return true;
  const current = await privacyTables(db)
    .selectFrom('piConsents')
    .select('id')
    .where('minorId', '=', row.id)
    .where('purpose', '=', purpose)
    .where('withdrawnAt', 'is', null)
    .executeTakeFirst();
  return current !== undefined;
}

/** Throws `consent_required` (403) unless `hasConsent` holds. */
export async function requireConsent(
  db: Kysely<Database>,
  minor: { readonly tenantId: string; readonly minorRef: string },
  purpose: ConsentPurpose,
  now: number,
): Promise<void> {
  if (await hasConsent(db, minor, purpose, now)) return;
  throw new AppError(
    'consent_required',
    `Minor ${minor.minorRef} is under 14 and no guardian has consented to ${purpose}; a guardian gives it in the guardian portal.`,
    [{ path: 'purpose', message: purpose, rule: 'pipl_art_31' }],
  );
}

/**
 * Of the given platform refs, those of registered minors under 14 without a consent in force for `purpose`: one query for a
 * whole message or batch, so the caller leaves out what needs the consent (the risk check itself goes on).
 */
export async function refsWithoutConsent(
  db: Kysely<Database>,
  tenantId: string,
  refs: readonly string[],
  purpose: ConsentPurpose,
  now: number,
): Promise<ReadonlySet<string>> {
  const unique = [...new Set(refs)];
  if (unique.length === 0) return new Set();
  const rows = await db
    .selectFrom('youthMinors')
    .select(['id', 'minorRef', 'birthDate', 'declaredBand', 'band'])
    .where('tenantId', '=', tenantId)
    .where('minorRef', 'in', unique)
    .execute();
  const young = rows.filter((r) => isUnder14(r, now));
  if (young.length === 0) return new Set();
  const consented = await privacyTables(db)
    .selectFrom('piConsents')
    .select('minorId')
    .where(
      'minorId',
      'in',
      young.map((r) => r.id),
    )
    .where('purpose', '=', purpose)
    .where('withdrawnAt', 'is', null)
    .execute();
  const ok = new Set(consented.map((c) => c.minorId));
  return new Set(young.filter((r) => !ok.has(r.id)).map((r) => r.minorRef));
}
