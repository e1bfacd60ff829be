import { AppError } from '../../lib/index.js';
import {
  FEATURES,
  dayKeyOf,
  extraTimeHeadroomSeconds,
  validateGuardianSettings,
  type Feature,
  type GuardianSettings,
} from '../../policy/index.js';
import type { YouthRequestRow } from '../schema.js';
import { enqueueWebhookEvent } from '../webhooks/webhooks.js';
import {
  appendAudit,
  lockUsageDay,
  minorRowById,
  minorRowByRef,
  newId,
  parseJson,
  effectivePolicy,
  refreshBand,
  tenantPolicyOf,
  toMinor,
  type Db,
} from './youth-core.js';
import { settlePurchase, type Purchase } from './youth-purchases.js';

/** What a minor can ask a guardian for. */
export const REQUEST_KINDS = ['extra_time', 'purchase', 'feature', 'app_exception', 'mode_exit'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** Minutes of extra time a minor may ask for: a quarter of an hour or an hour. */
export const EXTRA_TIME_MINUTES = [15, 60] as const;

export const REQUEST_STATUSES = ['pending', 'approved', 'denied', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** A request waits this long for an answer. */
export const REQUEST_TTL_MS = 24 * 3_600_000;

/** What is asked, by kind. */
export type RequestDetails =
  | { readonly minutes: number }
  | { readonly purchaseId: string; readonly amountFen: number }
  | { readonly feature: Feature }
  | { readonly appId: string }
  | Record<string, never>;

/** A minor's request and its answer. */
export interface YouthRequest {
  readonly id: string;
  readonly tenantId: string;
  readonly minorId: string;
  readonly kind: RequestKind;
  readonly details: RequestDetails;
  readonly status: RequestStatus;
  /** The guardian id that answered. */
  readonly answeredBy: string | null;
  readonly answeredAt: number | null;
  readonly note: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
}

function toRequest(row: YouthRequestRow, now?: number): YouthRequest {
  const expired = row.status === 'pending' && now !== undefined && Number(row.expiresAt) <= now;
  return {
    id: row.id,
    tenantId: row.tenantId,
    minorId: row.minorId,
    kind: row.kind as RequestKind,
    details: parseJson<RequestDetails>(row.details, {}),
    status: expired ? 'expired' : (row.status as RequestStatus),
    answeredBy: row.answeredBy,
    answeredAt: row.answeredAt === null ? null : Number(row.answeredAt),
    note: row.note,
    createdAt: Number(row.createdAt),
    expiresAt: Number(row.expiresAt),
  };
}

function checkDetails(kind: RequestKind, details: Record<string, unknown>): RequestDetails {
  const bad = (message: string): never => {
    throw new AppError('validation_failed', 'The request details do not fit its kind.', [{ path: 'details', message }]);
  };
  switch (kind) {
    case 'extra_time': {
      const minutes = details['minutes'];
      if (!(EXTRA_TIME_MINUTES as readonly unknown[]).includes(minutes)) bad('minutes is 15 or 60');
      return { minutes: minutes as number };
    }
    case 'feature': {
      const feature = details['feature'];
      if (!(FEATURES as readonly unknown[]).includes(feature)) bad(`feature is one of ${FEATURES.join(', ')}`);
      return { feature: feature as Feature };
    }
    case 'app_exception': {
      const appId = details['appId'];
      if (typeof appId !== 'string' || !/^[A-Za-z0-9._:-]{1,128}$/.test(appId))
        bad('appId is 1–128 letters, digits or ._:-');
      return { appId: appId as string };
    }
    case 'mode_exit':
      return {};
    case 'purchase':
      return bad('purchase requests are opened by POST …/purchases when the policy answers needs_guardian');
  }
}

/** Inserts a request and queues `youth.request.created`; for use inside the caller's transaction. */
export async function insertRequest(
  db: Db,
  input: {
    readonly tenantId: string;
    readonly minorId: string;
    readonly kind: RequestKind;
    readonly details: RequestDetails;
  },
  now: number,
): Promise<YouthRequest> {
  const row: YouthRequestRow = {
    id: newId('req'),
    tenantId: input.tenantId,
    minorId: input.minorId,
    kind: input.kind,
    details: JSON.stringify(input.details),
    status: 'pending',
    answeredBy: null,
    answeredAt: null,
    note: null,
    createdAt: now,
    expiresAt: now + REQUEST_TTL_MS,
  };
  await db.insertInto('youthRequests').values(row).execute();
  const request = toRequest(row);
  const minor = await minorRowById(db, input.minorId);
  await enqueueWebhookEvent(
    db,
    input.tenantId,
    'youth.request.created',
    { ...requestEvent(request), minorRef: minor.minorRef },
    now,
  );
  return request;
}

function requestEvent(r: YouthRequest) {
  return {
    requestId: r.id,
    kind: r.kind,
    details: r.details,
    status: r.status,
    answeredAt: r.answeredAt === null ? null : new Date(r.answeredAt).toISOString(),
    note: r.note,
  };
}

/**
 * Opens a request from a minor to their guardians (`extra_time` 15 or 60 minutes, `feature`, `app_exception`,
 * `mode_exit`). The platform hears the answer by the `youth.request.answered` webhook or by polling `getRequest`.
 */
export async function createRequest(
  db: Db,
  input: {
    readonly tenantId: string;
    readonly minorRef: string;
    readonly kind: RequestKind;
    readonly details: Record<string, unknown>;
  },
  now: number,
): Promise<YouthRequest> {
  const details = checkDetails(input.kind, input.details);
  return db.transaction().execute(async (trx) => {
    const minor = await minorRowByRef(trx, input.tenantId, input.minorRef);
    return insertRequest(trx, { tenantId: input.tenantId, minorId: minor.id, kind: input.kind, details }, now);
  });
}

/** A request of the tenant by id (status `expired` once its time ran out unanswered); `not_found` when unknown. */
export async function getRequest(db: Db, tenantId: string, requestId: string, now: number): Promise<YouthRequest> {
  const row = await db
    .selectFrom('youthRequests')
    .selectAll()
    .where('id', '=', requestId)
    .where('tenantId', '=', tenantId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('not_found', `No request ${requestId}.`);
  return toRequest(row, now);
}

/** Requests for the minors a guardian is bound to (or one minor), newest first. */
export async function listGuardianRequests(
  db: Db,
  query: {
    readonly guardianId: string;
    readonly minorId?: string | undefined;
    readonly status?: RequestStatus | undefined;
    readonly limit?: number | undefined;
  },
  now: number,
): Promise<readonly YouthRequest[]> {
  let q = db
    .selectFrom('youthRequests as r')
    .innerJoin('guardianBindings as b', 'b.minorId', 'r.minorId')
    .selectAll('r')
    .where('b.guardianId', '=', query.guardianId);
  if (query.minorId !== undefined) q = q.where('r.minorId', '=', query.minorId);
  if (query.status === 'pending') q = q.where('r.status', '=', 'pending').where('r.expiresAt', '>', now);
  else if (query.status === 'expired') q = q.where('r.status', '=', 'pending').where('r.expiresAt', '<=', now);
  else if (query.status !== undefined) q = q.where('r.status', '=', query.status);
  const rows = await q
    .orderBy('r.createdAt', 'desc')
    .orderBy('r.id')
    .limit(query.limit ?? 100)
    .execute();
  return rows.map((r) => toRequest(r, now));
}

/** Requests of one minor in a time range, oldest first (for the weekly report). */
export async function listMinorRequests(
  db: Db,
  minorId: string,
  range: { readonly from: number; readonly to: number },
  now: number,
): Promise<readonly YouthRequest[]> {
  const rows = await db
    .selectFrom('youthRequests')
    .selectAll()
    .where('minorId', '=', minorId)
    .where('createdAt', '>=', range.from)
    .where('createdAt', '<', range.to)
    .orderBy('createdAt')
    .execute();
  return rows.map((r) => toRequest(r, now));
}

/** The effect an approved request had, for the answer. */
export interface RequestOutcome {
  readonly request: YouthRequest;
  /** Extra seconds granted today (extra_time). */
  readonly grantedSeconds?: number;
  /** The purchase as settled (purchase). */
  readonly purchase?: Purchase;
}

/**
 * A guardian answers a pending request of a minor they are bound to. Approving takes effect in the same transaction: extra
 * time is added to today's allowance (the next heartbeat sees it), a purchase is decided again with the approval, a
 * feature gets the guardian's consent, an app becomes exempt (a settings change), a mode exit turns youth mode off. The
 * answer is an audit event and a `youth.request.answered` webhook event. An answered or expired request is a `conflict`.
 */
export async function answerRequest(
  db: Db,
  input: {
    readonly guardianId: string;
    readonly requestId: string;
    readonly approve: boolean;
    readonly note?: string | undefined;
    /**
     * For a mode exit: whether the caller checked the guardian's password or a one-time code just now. `false` refuses
     * the approval (`forbidden`); the API passes it, the portal checks before calling.
     */
    readonly exitVerified?: boolean | undefined;
  },
  now: number,
): Promise<RequestOutcome> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('youthRequests').selectAll().where('id', '=', input.requestId).executeTakeFirst();
    if (row === undefined) throw new AppError('not_found', `No request ${input.requestId}.`);
    const binding = await trx
      .selectFrom('guardianBindings')
      .select('role')
      .where('guardianId', '=', input.guardianId)
      .where('minorId', '=', row.minorId)
      .executeTakeFirst();
    if (binding === undefined) throw new AppError('not_found', `No request ${input.requestId}.`);
    const minorRow = await refreshBand(trx, await minorRowById(trx, row.minorId, true), now);
    // Re-read under the minor's lock so two guardians answering at once cannot both answer.
    const current = await trx
      .selectFrom('youthRequests')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    const request = toRequest(current, now);
    if (request.status !== 'pending') {
      throw new AppError('conflict', `This request is already ${request.status}.`, [
        { path: 'status', message: request.status },
      ]);
    }
    if (input.approve && request.kind === 'mode_exit' && input.exitVerified === false) {
      throw new AppError('forbidden', "Leaving youth mode needs the guardian's password or a one-time code.", [
        { path: 'password', message: 'reverification_required' },
      ]);
    }
    const status: RequestStatus = input.approve ? 'approved' : 'denied';
    const changed = await trx
      .updateTable('youthRequests')
      .set({ status, answeredBy: input.guardianId, answeredAt: now, note: input.note ?? null })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (changed.numUpdatedRows === 0n) throw new AppError('conflict', 'This request was answered meanwhile.');
    const answered: YouthRequest = {
      ...request,
      status,
      answeredBy: input.guardianId,
      answeredAt: now,
      note: input.note ?? null,
    };
    const actor = { type: 'guardian' as const, id: input.guardianId };
    let grantedSeconds: number | undefined;
    let purchase: Purchase | undefined;
    const details = request.details as Record<string, unknown>;
    const minor = toMinor(minorRow);
    // An approval that changes the minor's row: the change and its audit event, with the old and new value.
    const changeMinor = async (
      set: { consents: string } | { guardianSettings: string } | { youthMode: number },
      action: string,
      oldValue: unknown,
      newValue: unknown,
    ): Promise<void> => {
      await trx
        .updateTable('youthMinors')
        .set({ ...set, updatedAt: now })
        .where('id', '=', row.minorId)
        .execute();
      await appendAudit(trx, { tenantId: row.tenantId, minorId: row.minorId, actor, action, oldValue, newValue }, now);
    };
    if (request.kind === 'purchase') {
      purchase = await settlePurchase(trx, String(details['purchaseId']), input.approve, now);
    } else if (input.approve) {
      switch (request.kind) {
        case 'extra_time': {
          const today = dayKeyOf(new Date(now));
          await lockUsageDay(trx, row.minorId, today);
          const day = await trx
            .selectFrom('youthUsageDays')
            .select('extraSeconds')
            .where('minorId', '=', row.minorId)
            .where('dayKey', '=', today)
            .executeTakeFirstOrThrow();
          // The day's allowance and every grant together stay within the daily total's own ceiling (240 minutes).
          const policy = effectivePolicy(minor.band, await tenantPolicyOf(trx, row.tenantId), minor.guardianSettings);
          const headroom = extraTimeHeadroomSeconds(policy, day.extraSeconds, new Date(now));
          if (headroom <= 0) {
            throw new AppError('guardian_setting_out_of_bounds', 'No more extra time can be given today.', [
              { path: 'minutes', message: 'the day has reached its ceiling', rule: 'daily_total' },
            ]);
          }
          grantedSeconds = Math.min(Number(details['minutes']) * 60, headroom);
          await trx
            .updateTable('youthUsageDays')
            .set({ extraSeconds: day.extraSeconds + grantedSeconds })
            .where('minorId', '=', row.minorId)
            .where('dayKey', '=', today)
            .execute();
          break;
        }
        case 'feature': {
          const feature = details['feature'] as Feature;
          // A consent the law does not allow now (hosting under 16) is refused, so it cannot take effect on a birthday.
          const setting = effectivePolicy(minor.band, await tenantPolicyOf(trx, row.tenantId), minor.guardianSettings)
            .features[feature];
          if (setting.value === 'deny' && setting.layer === 'law') {
            throw new AppError('guardian_setting_out_of_bounds', 'This feature cannot be allowed at this age.', [
              { path: 'feature', message: `${feature} is not allowed for ${minor.band}`, rule: setting.rule },
            ]);
          }
          if (!minor.consents.includes(feature)) {
            const consents = [...minor.consents, feature];
            await changeMinor({ consents: JSON.stringify(consents) }, 'consent.change', minor.consents, consents);
          }
          break;
        }
        case 'app_exception': {
          const appId = String(details['appId']);
          const old = minor.guardianSettings;
          const apps = old.exemptApps ?? [];
          if (!apps.includes(appId)) {
            const next: GuardianSettings = { ...old, exemptApps: [...apps, appId] };
            validateGuardianSettings(minor.band, next, await tenantPolicyOf(trx, row.tenantId));
            await changeMinor({ guardianSettings: JSON.stringify(next) }, 'settings.change', old, next);
          }
          break;
        }
        case 'mode_exit':
          if (minor.youthMode) await changeMinor({ youthMode: 0 }, 'youth_mode.change', true, false);
          break;
      }
    }
    await appendAudit(
      trx,
      {
        tenantId: row.tenantId,
        minorId: row.minorId,
        actor,
        action: 'request.answer',
        oldValue: { id: row.id, status: 'pending' },
        newValue: { id: row.id, kind: request.kind, status },
      },
      now,
    );
    await enqueueWebhookEvent(
      trx,
      row.tenantId,
      'youth.request.answered',
      {
        ...requestEvent(answered),
        minorRef: minorRow.minorRef,
        ...(grantedSeconds === undefined ? {} : { grantedSeconds }),
        ...(purchase === undefined ? {} : { purchase: { id: purchase.id, status: purchase.status } }),
      },
      now,
    );
    return {
      request: answered,
      ...(grantedSeconds === undefined ? {} : { grantedSeconds }),
      ...(purchase === undefined ? {} : { purchase }),
    };
  });
}
