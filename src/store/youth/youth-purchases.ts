import { AppError } from '../../lib/index.js';
import { decide, monthKeyOf, type Decision as PolicyDecision, type PurchaseKind } from '../../policy/index.js';
import type { YouthPurchaseRow } from '../schema.js';
import {
  isUniqueViolation,
  loadContext,
  minorRowById,
  minorRowByRef,
  newId,
  parseJson,
  refreshBand,
  type Db,
} from './youth-core.js';
import { insertRequest, type YouthRequest } from './youth-requests.js';

/** Where a purchase stands. */
export const PURCHASE_STATUSES = ['completed', 'denied', 'pending_approval'] as const;
export type PurchaseStatus = (typeof PURCHASE_STATUSES)[number];

/** One purchase in a minor's ledger. */
export interface Purchase {
  readonly id: string;
  readonly minorId: string;
  readonly idempotencyKey: string;
  readonly amountFen: number;
  readonly kind: PurchaseKind;
  readonly appId: string | null;
  readonly description: string | null;
  /** The Asia/Shanghai month it counts in, `YYYY-MM`. */
  readonly monthKey: string;
  readonly status: PurchaseStatus;
  /** The policy's decision that set the status. */
  readonly decision: PolicyDecision;
  /** The guardian request opened when the policy answered needs_guardian. */
  readonly requestId: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

interface PurchaseAnswer {
  readonly decision: PolicyDecision;
  readonly requestId: string | null;
}

function toPurchase(row: YouthPurchaseRow): Purchase {
  const answer = parseJson<PurchaseAnswer>(row.answer, { decision: {} as PolicyDecision, requestId: null });
  return {
    id: row.id,
    minorId: row.minorId,
    idempotencyKey: row.idempotencyKey,
    amountFen: row.amountFen,
    kind: row.kind as PurchaseKind,
    appId: row.appId,
    description: row.description,
    monthKey: row.monthKey,
    status: row.status as PurchaseStatus,
    decision: answer.decision,
    requestId: answer.requestId,
    createdAt: Number(row.createdAt),
    updatedAt: Number(row.updatedAt),
  };
}

/** A purchase a platform asks about before charging. */
export interface PurchaseInput {
  readonly tenantId: string;
  readonly minorRef: string;
  /** The platform's key for this payment: the same key is answered the same way and recorded once. */
  readonly idempotencyKey: string;
  readonly amountFen: number;
  readonly kind: PurchaseKind;
  readonly appId?: string | undefined;
  readonly description?: string | undefined;
}

/**
 * Decides a purchase against the per-payment and monthly caps and records it in the ledger: `completed` (allowed, counts
 * toward the month), `denied`, or `pending_approval` with a guardian request opened for it. The minor's row is locked
 * (PostgreSQL) or the writer held (SQLite) so two payments at once cannot both fit under the monthly cap. The same
 * idempotency key returns the recorded purchase; with another amount or kind it is a `conflict`.
 */
export async function recordPurchase(
  db: Db,
  input: PurchaseInput,
  now: number,
): Promise<{ readonly purchase: Purchase; readonly duplicate: boolean; readonly request: YouthRequest | null }> {
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) {
    throw new AppError('validation_failed', 'amountFen is a whole number of fen above 0.', [
      { path: 'amountFen', message: 'positive integer' },
    ]);
  }
  const run = () =>
    db.transaction().execute(async (trx) => {
      const row = await refreshBand(trx, await minorRowByRef(trx, input.tenantId, input.minorRef, true), now);
      const existing = await trx
        .selectFrom('youthPurchases')
        .selectAll()
        .where('minorId', '=', row.id)
        .where('idempotencyKey', '=', input.idempotencyKey)
        .executeTakeFirst();
      if (existing !== undefined) return { purchase: checkSame(existing, input), duplicate: true, request: null };
      const context = await loadContext(trx, row, now);
      const decision = decide(
        context.policy,
        context.state,
        { kind: 'purchase', amountFen: input.amountFen, purchaseKind: input.kind },
        new Date(now),
      );
      const id = newId('pur');
      let request: YouthRequest | null = null;
      if (decision.outcome === 'needs_guardian') {
        request = await insertRequest(
          trx,
          {
            tenantId: row.tenantId,
            minorId: row.id,
            kind: 'purchase',
            details: { purchaseId: id, amountFen: input.amountFen },
          },
          now,
        );
      }
      const status: PurchaseStatus =
        decision.outcome === 'allow' ? 'completed' : decision.outcome === 'deny' ? 'denied' : 'pending_approval';
      const record: YouthPurchaseRow = {
        id,
        minorId: row.id,
        idempotencyKey: input.idempotencyKey,
        amountFen: input.amountFen,
        kind: input.kind,
        appId: input.appId ?? null,
        description: input.description ?? null,
        monthKey: monthKeyOf(new Date(now)),
        status,
        answer: JSON.stringify({ decision, requestId: request?.id ?? null } satisfies PurchaseAnswer),
        createdAt: now,
        updatedAt: now,
      };
      await trx.insertInto('youthPurchases').values(record).execute();
      return { purchase: toPurchase(record), duplicate: false, request };
    });
  try {
    return await run();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Two calls with one key raced; the first one recorded stands.
    const row = await minorRowByRef(db, input.tenantId, input.minorRef);
    const existing = await db
      .selectFrom('youthPurchases')
      .selectAll()
      .where('minorId', '=', row.id)
      .where('idempotencyKey', '=', input.idempotencyKey)
      .executeTakeFirst();
    if (existing === undefined) throw error;
    return { purchase: checkSame(existing, input), duplicate: true, request: null };
  }
}

function checkSame(row: YouthPurchaseRow, input: PurchaseInput): Purchase {
  if (row.amountFen !== input.amountFen || row.kind !== input.kind) {
    throw new AppError('conflict', 'This idempotency key was used for another purchase.', [
      { path: 'idempotencyKey', message: 'reused with a different amount or kind' },
    ]);
  }
  return toPurchase(row);
}

/**
 * Settles a purchase that waited for a guardian: approved, it is decided again with the guardian's approval (which lifts
 * the approval threshold, never a legal cap) against this month's spending now; refused, it is denied.
 */
export async function settlePurchase(db: Db, purchaseId: string, approved: boolean, now: number): Promise<Purchase> {
  const row = await db.selectFrom('youthPurchases').selectAll().where('id', '=', purchaseId).executeTakeFirst();
  if (row === undefined) throw new AppError('not_found', `No purchase ${purchaseId}.`);
  if (row.status !== 'pending_approval') return toPurchase(row);
  const previous = parseJson<PurchaseAnswer>(row.answer, { decision: {} as PolicyDecision, requestId: null });
  let decision: PolicyDecision = previous.decision;
  let status: PurchaseStatus = 'denied';
  if (approved) {
    const minor = await refreshBand(db, await minorRowById(db, row.minorId, true), now);
    const context = await loadContext(db, minor, now);
    decision = decide(
      context.policy,
      context.state,
      { kind: 'purchase', amountFen: row.amountFen, purchaseKind: row.kind as PurchaseKind, guardianApproved: true },
      new Date(now),
    );
    status = decision.outcome === 'allow' ? 'completed' : 'denied';
  }
  const answer = JSON.stringify({ decision, requestId: previous.requestId } satisfies PurchaseAnswer);
  // A purchase approved in a later month counts in the month it was completed.
  const monthKey = status === 'completed' ? monthKeyOf(new Date(now)) : row.monthKey;
  await db
    .updateTable('youthPurchases')
    .set({ status, answer, monthKey, updatedAt: now })
    .where('id', '=', row.id)
    .execute();
  return toPurchase({ ...row, status, answer, monthKey, updatedAt: now });
}

/** A minor's purchases, newest first. */
export async function listPurchases(
  db: Db,
  minorId: string,
  options: { readonly limit?: number | undefined } = {},
): Promise<readonly Purchase[]> {
  const rows = await db
    .selectFrom('youthPurchases')
    .selectAll()
    .where('minorId', '=', minorId)
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .limit(options.limit ?? 100)
    .execute();
  return rows.map(toPurchase);
}

/** A record that a completed purchase was a minor's unauthorized spending, for the platform's refund process. */
export interface RefundRequest {
  readonly id: string;
  readonly minorId: string;
  readonly purchaseId: string;
  readonly reason: string;
  readonly status: 'open';
  readonly createdAt: number;
}

/**
 * Records a refund request for a minor's completed purchase (unauthorized spending). One per purchase: a second is a
 * `conflict`; a purchase that was not completed is a `conflict` too (nothing was charged).
 */
export async function requestRefund(
  db: Db,
  input: { readonly tenantId: string; readonly minorRef: string; readonly purchaseId: string; readonly reason: string },
  now: number,
): Promise<RefundRequest> {
  return db.transaction().execute(async (trx) => {
    const minor = await minorRowByRef(trx, input.tenantId, input.minorRef);
    const purchase = await trx
      .selectFrom('youthPurchases')
      .select(['id', 'status'])
      .where('id', '=', input.purchaseId)
      .where('minorId', '=', minor.id)
      .executeTakeFirst();
    if (purchase === undefined) throw new AppError('not_found', `No purchase ${input.purchaseId} for this minor.`);
    if (purchase.status !== 'completed') throw new AppError('conflict', 'Only a completed purchase can be refunded.');
    const taken = await trx
      .selectFrom('youthRefundRequests')
      .select('id')
      .where('purchaseId', '=', purchase.id)
      .executeTakeFirst();
    if (taken !== undefined) throw new AppError('conflict', 'A refund was already requested for this purchase.');
    const record: RefundRequest = {
      id: newId('rfd'),
      minorId: minor.id,
      purchaseId: purchase.id,
      reason: input.reason,
      status: 'open',
      createdAt: now,
    };
    await trx.insertInto('youthRefundRequests').values(record).execute();
    return record;
  });
}

/** Refund requests for a minor, newest first. */
export async function listRefundRequests(db: Db, minorId: string): Promise<readonly RefundRequest[]> {
  const rows = await db
    .selectFrom('youthRefundRequests')
    .selectAll()
    .where('minorId', '=', minorId)
    .orderBy('createdAt', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, status: 'open' as const, createdAt: Number(r.createdAt) }));
}
