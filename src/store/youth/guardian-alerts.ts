import { hasConsent } from '../privacy/index.js';
import { ALERT_CATEGORIES, enqueueAlertNotifications } from './guardian-notifications.js';
import { enqueueWebhookEvent } from '../webhooks/webhooks.js';
import { newId, parseJson, type Db } from './youth-core.js';

export { ALERT_CATEGORIES };

/** An alert in a guardian's inbox. */
export interface GuardianAlert {
  readonly id: string;
  readonly guardianId: string;
  readonly minorId: string;
  readonly minorRef: string;
  readonly tenantId: string;
  /** The moderation request whose decision raised it. */
  readonly requestId: string;
  readonly categories: readonly string[];
  readonly action: string;
  readonly createdAt: number;
  readonly readAt: number | null;
}

/**
 * Raises alerts for a flagged moderation decision aimed at a minor (`targetRef`): one inbox row for each guardian bound
 * to that minor, the notifications each guardian chose, and one `guardian.alert` webhook event, in one transaction. Nothing happens when the decision is not
 * flagged, has none of `ALERT_CATEGORIES`, or the target is not a bound minor of the tenant. Returns how many alerts.
 */
export async function raiseGuardianAlerts(
  db: Db,
  input: {
    readonly tenantId: string;
    readonly targetRef: string;
    readonly requestId: string;
    readonly flagged: boolean;
    readonly action: string;
    readonly categories: readonly string[];
  },
  now: number,
): Promise<number> {
  const risky = input.categories.filter((c) => (ALERT_CATEGORIES as readonly string[]).includes(c));
  if (!input.flagged || risky.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    const minor = await trx
      .selectFrom('youthMinors')
      .select(['id', 'minorRef'])
      .where('tenantId', '=', input.tenantId)
      .where('minorRef', '=', input.targetRef)
      .executeTakeFirst();
    if (minor === undefined) return 0;
    const guardians = await trx
      .selectFrom('guardianBindings')
      .select('guardianId')
      .where('minorId', '=', minor.id)
      .execute();
    if (guardians.length === 0) return 0;
    const alerts = guardians.map((g) => ({
      id: newId('alr'),
      guardianId: g.guardianId,
      minorId: minor.id,
      tenantId: input.tenantId,
      decisionRequestId: input.requestId,
      categories: JSON.stringify(risky),
      action: input.action,
      createdAt: now,
      readAt: null,
    }));
    await trx.insertInto('guardianAlerts').values(alerts).execute();
    // E-mail goes through a third-party mail service: beyond youth mode, so a child under 14 needs a guardian's consent.
    const emailAllowed = await hasConsent(trx, { minorId: minor.id }, 'email_alerts', now);
    await enqueueAlertNotifications(trx, alerts, risky, now, { emailAllowed });
    await enqueueWebhookEvent(
      trx,
      input.tenantId,
      'guardian.alert',
      {
        minorRef: minor.minorRef,
        requestId: input.requestId,
        categories: risky,
        action: input.action,
        guardians: guardians.length,
      },
      now,
    );
    return alerts.length;
  });
}

/** A guardian's alerts, newest first (unread only when asked). */
export async function listGuardianAlerts(
  db: Db,
  query: {
    readonly guardianId: string;
    readonly unreadOnly?: boolean | undefined;
    readonly limit?: number | undefined;
  },
): Promise<readonly GuardianAlert[]> {
  let q = db
    .selectFrom('guardianAlerts as a')
    .innerJoin('youthMinors as m', 'm.id', 'a.minorId')
    .selectAll('a')
    .select('m.minorRef')
    .where('a.guardianId', '=', query.guardianId);
  if (query.unreadOnly === true) q = q.where('a.readAt', 'is', null);
  const rows = await q
    .orderBy('a.createdAt', 'desc')
    .orderBy('a.id')
    .limit(query.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    guardianId: r.guardianId,
    minorId: r.minorId,
    minorRef: r.minorRef,
    tenantId: r.tenantId,
    requestId: r.decisionRequestId,
    categories: parseJson<string[]>(r.categories, []),
    action: r.action,
    createdAt: Number(r.createdAt),
    readAt: r.readAt === null ? null : Number(r.readAt),
  }));
}

/** Marks a guardian's alert read; returns false when the guardian has no such alert. */
export async function markGuardianAlertRead(
  db: Db,
  guardianId: string,
  alertId: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('guardianAlerts')
    .set({ readAt: now })
    .where('id', '=', alertId)
    .where('guardianId', '=', guardianId)
    .where('readAt', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows > 0n) return true;
  const row = await db
    .selectFrom('guardianAlerts')
    .select('id')
    .where('id', '=', alertId)
    .where('guardianId', '=', guardianId)
    .executeTakeFirst();
  return row !== undefined;
}
