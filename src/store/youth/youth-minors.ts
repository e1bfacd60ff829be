import { AppError } from '../../lib/index.js';
import {
  bandOf,
  dayKeyOf,
  decide,
  validateTenantPolicy,
  type AgeBand,
  type Decision as PolicyDecision,
  type EffectivePolicy,
  type PolicyRequest,
  type TenantPolicy,
} from '../../policy/index.js';
import {
  appendAudit,
  bandAt,
  loadContext,
  minorRowById,
  minorRowByRef,
  newMinorId,
  openMinorRow,
  parseJson,
  refreshBand,
  tenantPolicyOf,
  toMinor,
  usageDay,
  type Actor,
  type Db,
  type Minor,
} from './youth-core.js';
import { openField, sealField } from '../privacy/index.js';
import type { YouthMinorRow } from '../schema.js';

export { SYSTEM } from './youth-core.js';
export type { Actor, Minor, YouthContext } from './youth-core.js';

const MINOR_REF = /^[A-Za-z0-9._:@-]{1,128}$/;
const BIRTH_DATE = /^\d{4}-\d{2}-\d{2}$/;
const BIRTH_DATE_MAX_YEARS = 100;

/** What a platform says about a minor when it registers or updates one. */
export interface MinorInput {
  readonly tenantId: string;
  readonly minorRef: string;
  /** `YYYY-MM-DD`; the band follows it, day by day. */
  readonly birthDate?: string | null | undefined;
  /** The birth date was verified (real-name check) rather than declared. */
  readonly birthDateVerified?: boolean | undefined;
  /** A band declared without a birth date. */
  readonly band?: AgeBand | undefined;
  /** Turning youth mode off needs guardian verification (see `exitYouthMode`); only `true` is accepted here. */
  readonly youthMode?: boolean | undefined;
}

/** True when the string can be a minorRef: 1–128 letters, digits or `._:@-`. */
export function isMinorRef(value: string): boolean {
  return MINOR_REF.test(value);
}

function checkMinorInput(input: MinorInput, now: number): void {
  const details = [];
  if (!isMinorRef(input.minorRef)) {
    details.push({ path: 'minorRef', message: 'a minorRef is 1–128 letters, digits or ._:@-' });
  }
  if (input.birthDate !== undefined && input.birthDate !== null) {
    let ok = BIRTH_DATE.test(input.birthDate);
    if (ok) {
      try {
        bandOf(input.birthDate, new Date(now));
        const today = dayKeyOf(new Date(now));
        // A real person's: not in the future, and at most a hundred years ago (1800-01-01 is a slip, not an age).
        const earliest = `${String(Number(today.slice(0, 4)) - BIRTH_DATE_MAX_YEARS).padStart(4, '0')}${today.slice(4)}`;
        ok = input.birthDate <= today && input.birthDate >= earliest;
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      details.push({
        path: 'birthDate',
        message: `a real date (YYYY-MM-DD), not in the future nor more than ${BIRTH_DATE_MAX_YEARS} years ago`,
      });
    }
  }
  if (input.youthMode === false) {
    details.push({
      path: 'youthMode',
      message: 'leaving youth mode needs guardian verification: use a mode_exit request',
    });
  }
  if (details.length > 0) throw new AppError('validation_failed', 'The minor is not valid.', details);
}

/**
 * Registers a minor or updates what the platform knows (birth date, declared band). A new minor starts in youth mode with
 * the band from the birth date, else the declared band; one of them is required. Every change is an audit event.
 */
export async function putMinor(
  db: Db,
  input: MinorInput,
  actor: Actor,
  now: number,
): Promise<{ readonly minor: Minor; readonly created: boolean }> {
  checkMinorInput(input, now);
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('youthMinors')
      .selectAll()
      .where('tenantId', '=', input.tenantId)
      .where('minorRef', '=', input.minorRef)
      .executeTakeFirst()
      .then((row) => (row === undefined ? undefined : openMinorRow(row)));
    if (existing === undefined) {
      if (input.birthDate == null && input.band === undefined) {
        throw new AppError('validation_failed', 'A new minor needs a birthDate or a band.', [
          { path: 'birthDate', message: 'birthDate or band is required' },
        ]);
      }
      const base = {
        birthDate: input.birthDate ?? null,
        declaredBand: input.band ?? null,
        band: input.band ?? 'adult',
      };
      const row: YouthMinorRow = {
        id: newMinorId(),
        tenantId: input.tenantId,
        minorRef: input.minorRef,
        youthMode: 1,
        birthDate: base.birthDate,
        birthDateVerified: input.birthDateVerified === true ? 1 : 0,
        declaredBand: base.declaredBand,
        band: bandAt(base, now),
        lockedAt: null,
        lockedBy: null,
        interactionChoices: '{}',
        guardianSettings: '{}',
        consents: '[]',
        createdAt: now,
        updatedAt: now,
      };
      await trx
        .insertInto('youthMinors')
        .values({ ...row, birthDate: sealField('birth_date', row.birthDate) })
        .execute();
      await appendAudit(
        trx,
        {
          tenantId: row.tenantId,
          minorId: row.id,
          actor,
          action: 'minor.create',
          newValue: {
            band: row.band,
            birthDate: sealField('birth_date', row.birthDate),
            verified: row.birthDateVerified === 1,
          },
        },
        now,
      );
      return { minor: toMinor(row), created: true };
    }
    const next = {
      birthDate: input.birthDate === undefined ? existing.birthDate : input.birthDate,
      declaredBand: input.band === undefined ? existing.declaredBand : input.band,
      birthDateVerified:
        input.birthDateVerified === undefined ? existing.birthDateVerified : input.birthDateVerified ? 1 : 0,
      youthMode: input.youthMode === true ? 1 : existing.youthMode,
    };
    if (next.birthDate === null && next.declaredBand === null) {
      throw new AppError('validation_failed', 'A minor needs a birthDate or a band.', [
        { path: 'birthDate', message: 'birthDate or band is required' },
      ]);
    }
    const band = bandAt({ ...next, band: existing.band }, now);
    const before = {
      band: existing.band,
      birthDate: existing.birthDate,
      declaredBand: existing.declaredBand,
      verified: existing.birthDateVerified === 1,
      youthMode: existing.youthMode === 1,
    };
    const after = {
      band,
      birthDate: next.birthDate,
      declaredBand: next.declaredBand,
      verified: next.birthDateVerified === 1,
      youthMode: next.youthMode === 1,
    };
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await trx
        .updateTable('youthMinors')
        .set({ ...next, birthDate: sealField('birth_date', next.birthDate), band, updatedAt: now })
        .where('id', '=', existing.id)
        .execute();
      await appendAudit(
        trx,
        {
          tenantId: existing.tenantId,
          minorId: existing.id,
          actor,
          action: 'minor.update',
          oldValue: { ...before, birthDate: sealField('birth_date', before.birthDate) },
          newValue: { ...after, birthDate: sealField('birth_date', after.birthDate) },
        },
        now,
      );
    }
    return { minor: toMinor(await minorRowById(trx, existing.id)), created: false };
  });
}

/** A minor by the platform's ref, with its band brought up to date (a birthday may have crossed a band). */
export async function getMinorByRef(db: Db, tenantId: string, minorRef: string, now: number): Promise<Minor> {
  return db.transaction().execute(async (trx) => {
    const row = await minorRowByRef(trx, tenantId, minorRef, true);
    return toMinor(await refreshBand(trx, row, now));
  });
}

/** A minor by the service's id, with its band brought up to date. */
export async function getMinorById(db: Db, minorId: string, now: number): Promise<Minor> {
  return db.transaction().execute(async (trx) => {
    const row = await minorRowById(trx, minorId, true);
    return toMinor(await refreshBand(trx, row, now));
  });
}

/** What a minor looks like now: the minor, the effective policy (each value with its layer) and today's usage. */
export interface MinorOverview {
  readonly minor: Minor;
  readonly policy: EffectivePolicy;
  readonly today: {
    readonly dayKey: string;
    readonly usedSeconds: number;
    readonly extraSeconds: number;
    readonly continuousSeconds: number;
  };
  readonly spentThisMonthFen: number;
}

/** The minor with its effective policy and today's usage. */
export async function getMinorOverview(db: Db, minorId: string, now: number): Promise<MinorOverview> {
  return db.transaction().execute(async (trx) => {
    const row = await refreshBand(trx, await minorRowById(trx, minorId, true), now);
    const context = await loadContext(trx, row, now);
    const day = await usageDay(trx, row.id, context.state.dayKey);
    return {
      minor: context.minor,
      policy: context.policy,
      today: {
        dayKey: context.state.dayKey,
        usedSeconds: day.usedSeconds,
        extraSeconds: day.extraSeconds,
        continuousSeconds: day.continuousSeconds,
      },
      spentThisMonthFen: context.state.spentThisMonthFen,
    };
  });
}

/** The service's minor id for a platform ref; `not_found` when unknown. */
export async function minorIdOf(db: Db, tenantId: string, minorRef: string): Promise<string> {
  return (await minorRowByRef(db, tenantId, minorRef)).id;
}

/**
 * Asks the policy a question that changes nothing (`content.view`, `feature.use`, `mode.exit`). A mode exit counts as
 * guardian-verified when a guardian approved a `mode_exit` request that has not been used yet.
 */
export async function decideForMinor(
  db: Db,
  input: { readonly tenantId: string; readonly minorRef: string; readonly request: PolicyRequest },
  now: number,
): Promise<PolicyDecision> {
  return db.transaction().execute(async (trx) => {
    const row = await refreshBand(trx, await minorRowByRef(trx, input.tenantId, input.minorRef, true), now);
    const context = await loadContext(trx, row, now);
    return decide(context.policy, context.state, input.request, new Date(now));
  });
}

/** The tenant's stricter-than-law policy; `{}` when none was set. */
export async function getTenantPolicy(db: Db, tenantId: string): Promise<TenantPolicy> {
  return tenantPolicyOf(db, tenantId);
}

/**
 * Replaces the tenant's policy after checking it is nowhere looser than the law or the guides' defaults
 * (`policy_looser_than_law`, each detail naming its rule). The change is an audit event (old → new).
 */
export async function putTenantPolicy(
  db: Db,
  tenantId: string,
  policy: TenantPolicy,
  actor: Actor,
  now: number,
): Promise<TenantPolicy> {
  validateTenantPolicy(policy);
  return db.transaction().execute(async (trx) => {
    const old = await tenantPolicyOf(trx, tenantId);
    await trx
      .insertInto('youthTenantPolicies')
      .values({ tenantId, policy: JSON.stringify(policy), updatedAt: now })
      .onConflict((oc) => oc.column('tenantId').doUpdateSet({ policy: JSON.stringify(policy), updatedAt: now }))
      .execute();
    await appendAudit(
      trx,
      { tenantId, minorId: null, actor, action: 'policy.change', oldValue: old, newValue: policy },
      now,
    );
    return policy;
  });
}

/** One audit event: who, when, what, old → new. */
export interface AuditEvent {
  readonly id: number;
  readonly minorId: string | null;
  readonly actorType: Actor['type'];
  readonly actorId: string | null;
  readonly action: string;
  readonly oldValue: unknown;
  readonly newValue: unknown;
  readonly createdAt: number;
}

/** Audit events of a tenant (and one minor, when given), newest first. */
/** An audit value with its birth date (sealed at rest like the minor's own) opened. */
function openAuditValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const birthDate = (value as { birthDate?: unknown }).birthDate;
  return typeof birthDate === 'string' ? { ...value, birthDate: openField('birth_date', birthDate) } : value;
}

export async function listAuditEvents(
  db: Db,
  query: {
    readonly tenantId: string;
    readonly minorId?: string | undefined;
    readonly beforeId?: number | undefined;
    readonly limit?: number | undefined;
  },
): Promise<readonly AuditEvent[]> {
  let q = db.selectFrom('youthAuditEvents').selectAll().where('tenantId', '=', query.tenantId);
  if (query.minorId !== undefined) q = q.where('minorId', '=', query.minorId);
  if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(query.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    minorId: r.minorId,
    actorType: r.actorType as Actor['type'],
    actorId: r.actorId,
    action: r.action,
    oldValue: openAuditValue(parseJson<unknown>(r.oldValue, null)),
    newValue: openAuditValue(parseJson<unknown>(r.newValue, null)),
    createdAt: Number(r.createdAt),
  }));
}
