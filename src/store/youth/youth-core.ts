import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { AppError, isAppError } from '../../lib/index.js';
import {
  bandOf,
  composePolicy,
  dayKeyOf,
  monthKeyOf,
  type AgeBand,
  type EffectivePolicy,
  type Feature,
  type GuardianSettings,
  type TenantPolicy,
  type YouthState,
} from '../../policy/index.js';
import { dialectOf } from '../dialect.js';
import { openField } from '../privacy/index.js';
import { randomId } from '../random-token.js';
import type { Database, YouthMinorRow } from '../schema.js';

export type Db = Kysely<Database>;

/** A minor as the platform and the guardians see it. */
export interface Minor {
  /** The service's id for the minor (what guardians and the portal use). */
  readonly id: string;
  readonly tenantId: string;
  /** The platform's pseudonymous id for the minor. */
  readonly minorRef: string;
  readonly youthMode: boolean;
  /** The band now (from the birth date when known, else the declared band). */
  readonly band: AgeBand;
  readonly birthDate: string | null;
  readonly birthDateVerified: boolean;
  readonly declaredBand: AgeBand | null;
  readonly locked: boolean;
  readonly lockedAt: number | null;
  /** The guardian id that locked, or `platform`. */
  readonly lockedBy: string | null;
  /** Only what guardians chose; the defaults are not copied in. */
  readonly guardianSettings: GuardianSettings;
  readonly consents: readonly Feature[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Who made a change, for the audit trail. */
export interface Actor {
  readonly type: 'guardian' | 'platform' | 'system';
  /** A guardian id, an API key id, or null for the system. */
  readonly id: string | null;
}

export const SYSTEM: Actor = { type: 'system', id: null };

export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback;
  return JSON.parse(text) as T;
}

export function toMinor(row: YouthMinorRow): Minor {
  return {
    id: row.id,
    tenantId: row.tenantId,
    minorRef: row.minorRef,
    youthMode: row.youthMode === 1,
    band: row.band as AgeBand,
    birthDate: openField('birth_date', row.birthDate),
    birthDateVerified: row.birthDateVerified === 1,
    declaredBand: row.declaredBand as AgeBand | null,
    locked: row.lockedAt !== null,
    lockedAt: row.lockedAt === null ? null : Number(row.lockedAt),
    lockedBy: row.lockedBy,
    guardianSettings: parseJson<GuardianSettings>(row.guardianSettings, {}),
    consents: parseJson<Feature[]>(row.consents, []),
    createdAt: Number(row.createdAt),
    updatedAt: Number(row.updatedAt),
  };
}

export function newMinorId(): string {
  return `mnr_${randomId(16)}`;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '')}`;
}

export function isPostgres(db: Db): boolean {
  return dialectOf(db as Kysely<unknown>) === 'postgres';
}

/** Appends one audit event: who, when, what, old → new. Use the transaction that makes the change. */
export async function appendAudit(
  db: Db,
  event: {
    readonly tenantId: string;
    readonly minorId: string | null;
    readonly actor: Actor;
    readonly action: string;
    readonly oldValue?: unknown;
    readonly newValue?: unknown;
  },
  now: number,
): Promise<void> {
  await db
    .insertInto('youthAuditEvents')
    .values({
      tenantId: event.tenantId,
      minorId: event.minorId,
      actorType: event.actor.type,
      actorId: event.actor.id,
      action: event.action,
      oldValue: event.oldValue === undefined ? null : JSON.stringify(event.oldValue),
      newValue: event.newValue === undefined ? null : JSON.stringify(event.newValue),
      createdAt: now,
    })
    .execute();
}

/**
 * Replaces one of a minor's JSON columns (guardian settings, consents, interaction choices) and records the change as an
 * audit event (who, when, old → new); nothing happens when the value is the same.
 */
export async function changeMinorJson(
  db: Db,
  row: Pick<YouthMinorRow, 'id' | 'tenantId'>,
  change: {
    readonly column: 'guardianSettings' | 'consents' | 'interactionChoices';
    readonly oldValue: unknown;
    readonly newValue: unknown;
    readonly actor: Actor;
    readonly action: string;
  },
  now: number,
): Promise<boolean> {
  const next = JSON.stringify(change.newValue);
  if (JSON.stringify(change.oldValue) === next) return false;
  await db
    .updateTable('youthMinors')
    .set({ [change.column]: next, updatedAt: now })
    .where('id', '=', row.id)
    .execute();
  await appendAudit(
    db,
    {
      tenantId: row.tenantId,
      minorId: row.id,
      actor: change.actor,
      action: change.action,
      oldValue: change.oldValue,
      newValue: change.newValue,
    },
    now,
  );
  return true;
}

/**
 * A stored minor row with its birth date opened (it is sealed at rest, see `sealField`): every row read for use goes through
 * here, and every write of a birth date through `sealField('birth_date', …)`.
 */
export function openMinorRow(row: YouthMinorRow): YouthMinorRow {
  return row.birthDate === null ? row : { ...row, birthDate: openField('birth_date', row.birthDate) };
}

/** The minor row by the platform's ref; `not_found` when unknown. On PostgreSQL `lock` takes a row lock. */
export async function minorRowByRef(db: Db, tenantId: string, minorRef: string, lock = false): Promise<YouthMinorRow> {
  let q = db.selectFrom('youthMinors').selectAll().where('tenantId', '=', tenantId).where('minorRef', '=', minorRef);
  if (lock && isPostgres(db)) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (row === undefined) throw new AppError('not_found', `No minor ${minorRef}: create it with PUT first.`);
  return openMinorRow(row);
}

/** The minor row by id; `not_found` when unknown. On PostgreSQL `lock` takes a row lock. */
export async function minorRowById(db: Db, minorId: string, lock = false): Promise<YouthMinorRow> {
  let q = db.selectFrom('youthMinors').selectAll().where('id', '=', minorId);
  if (lock && isPostgres(db)) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (row === undefined) throw new AppError('not_found', `No minor ${minorId}.`);
  return openMinorRow(row);
}

/** The band a minor row stands for at `now`. */
export function bandAt(row: Pick<YouthMinorRow, 'birthDate' | 'declaredBand' | 'band'>, now: number): AgeBand {
  // Opening is idempotent on an opened row: rows joined elsewhere reach here still sealed.
  const birthDate = openField('birth_date', row.birthDate);
  if (birthDate !== null) return bandOf(birthDate, new Date(now));
  return (row.declaredBand ?? row.band) as AgeBand;
}

/**
 * Moves a minor to the band its birth date gives at `now` when a birthday crossed a band boundary, recording the
 * transition in the audit trail. Returns the row as it now is.
 */
export async function refreshBand(db: Db, row: YouthMinorRow, now: number): Promise<YouthMinorRow> {
  const band = bandAt(row, now);
  if (band === row.band) return row;
  await db.updateTable('youthMinors').set({ band, updatedAt: now }).where('id', '=', row.id).execute();
  await appendAudit(
    db,
    {
      tenantId: row.tenantId,
      minorId: row.id,
      actor: SYSTEM,
      action: 'band.change',
      oldValue: row.band,
      newValue: band,
    },
    now,
  );
  return { ...row, band, updatedAt: now };
}

/** The tenant's stricter-than-law policy; `{}` when it set none. */
export async function tenantPolicyOf(db: Db, tenantId: string): Promise<TenantPolicy> {
  const row = await db
    .selectFrom('youthTenantPolicies')
    .select('policy')
    .where('tenantId', '=', tenantId)
    .executeTakeFirst();
  return parseJson<TenantPolicy>(row?.policy ?? null, {});
}

/**
 * The effective policy for a band. Guardian settings that a later, stricter tenant policy made out of bounds are dropped
 * one key at a time (the others still apply), so a tenant change never stops heartbeats from being answered.
 */
export function effectivePolicy(band: AgeBand, tenant: TenantPolicy, guardian: GuardianSettings): EffectivePolicy {
  try {
    return composePolicy(band, tenant, guardian);
  } catch (error) {
    if (!isAppError(error)) throw error;
    let kept: GuardianSettings = {};
    for (const [key, value] of Object.entries(guardian) as [keyof GuardianSettings, unknown][]) {
      const candidate = { ...kept, [key]: value };
      try {
        composePolicy(band, tenant, candidate);
        kept = candidate;
      } catch (inner) {
        if (!isAppError(inner)) throw inner;
      }
    }
    return composePolicy(band, tenant, kept);
  }
}

/** One day's usage counters of a minor, zero when nothing was counted. */
export async function usageDay(
  db: Db,
  minorId: string,
  dayKey: string,
): Promise<{ usedSeconds: number; continuousSeconds: number; lastActiveAt: number | null; extraSeconds: number }> {
  const row = await db
    .selectFrom('youthUsageDays')
    .selectAll()
    .where('minorId', '=', minorId)
    .where('dayKey', '=', dayKey)
    .executeTakeFirst();
  return {
    usedSeconds: row?.usedSeconds ?? 0,
    continuousSeconds: row?.continuousSeconds ?? 0,
    lastActiveAt: row?.lastActiveAt == null ? null : Number(row.lastActiveAt),
    extraSeconds: row?.extraSeconds ?? 0,
  };
}

/**
 * Makes sure the day row exists and, on PostgreSQL, locks it for the rest of the transaction: every heartbeat and grant
 * for that minor and day then runs one after another. SQLite has one writer at a time (the store's single connection
 * runs one transaction at a time), which serializes them there.
 */
export async function lockUsageDay(db: Db, minorId: string, dayKey: string): Promise<void> {
  await db
    .insertInto('youthUsageDays')
    .values({ minorId, dayKey, usedSeconds: 0, continuousSeconds: 0, lastActiveAt: null, extraSeconds: 0 })
    .onConflict((oc) => oc.columns(['minorId', 'dayKey']).doNothing())
    .execute();
  if (isPostgres(db)) {
    await db
      .selectFrom('youthUsageDays')
      .select('minorId')
      .where('minorId', '=', minorId)
      .where('dayKey', '=', dayKey)
      .forUpdate()
      .execute();
  }
}

/** Game top-ups completed in a month, in fen. */
export async function spentInMonth(db: Db, minorId: string, monthKey: string): Promise<number> {
  const row = await db
    .selectFrom('youthPurchases')
    .select(sql<number>`coalesce(sum(amount_fen), 0)`.as('total'))
    .where('minorId', '=', minorId)
    .where('monthKey', '=', monthKey)
    .where('kind', '=', 'game_topup')
    .where('status', '=', 'completed')
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** The policy and the state `decide` needs for a minor at `now`. */
export interface YouthContext {
  readonly minor: Minor;
  readonly tenantPolicy: TenantPolicy;
  readonly policy: EffectivePolicy;
  readonly state: YouthState;
}

/** Loads the minor's policy and state at `now` (today's usage, this month's spending). */
export async function loadContext(db: Db, row: YouthMinorRow, now: number): Promise<YouthContext> {
  const minor = toMinor(row);
  const at = new Date(now);
  const dayKey = dayKeyOf(at);
  const monthKey = monthKeyOf(at);
  const tenantPolicy = await tenantPolicyOf(db, row.tenantId);
  const day = await usageDay(db, row.id, dayKey);
  return {
    minor,
    tenantPolicy,
    policy: effectivePolicy(minor.band, tenantPolicy, minor.guardianSettings),
    state: {
      band: minor.band,
      youthMode: minor.youthMode,
      locked: minor.locked,
      dayKey,
      usedSecondsToday: day.usedSeconds,
      continuousSeconds: day.continuousSeconds,
      lastActiveAt: day.lastActiveAt === null ? null : new Date(day.lastActiveAt).toISOString(),
      extraSecondsToday: day.extraSeconds,
      monthKey,
      spentThisMonthFen: await spentInMonth(db, row.id, monthKey),
      guardianConsents: minor.consents,
    },
  };
}

/** True for a PostgreSQL or SQLite unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
