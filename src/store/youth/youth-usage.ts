import { AppError } from '../../lib/index.js';
import {
  accountHeartbeat,
  clampHeartbeat,
  dayKeyOf,
  decide,
  isExemptUse,
  type AppKind,
  type Clamp,
  type Decision as PolicyDecision,
} from '../../policy/index.js';
import {
  effectivePolicy,
  isUniqueViolation,
  loadContext,
  lockUsageDay,
  minorRowByRef,
  parseJson,
  refreshBand,
  tenantPolicyOf,
  toMinor,
  usageDay,
  type Db,
} from './youth-core.js';

/** One heartbeat as a device sends it. */
export interface HeartbeatInput {
  readonly tenantId: string;
  readonly minorRef: string;
  /** Unique per heartbeat: a retried heartbeat carries the same id and is counted once. */
  readonly eventId: string;
  readonly deviceId: string;
  readonly appId?: string | undefined;
  readonly appKind?: AppKind | undefined;
  /** When the device says the covered use ended (milliseconds since the epoch); the server clamps it. */
  readonly occurredAt: number;
  /** Seconds of use the heartbeat covers. */
  readonly seconds: number;
}

/** The answer to a heartbeat, stored with it so a retry gets the same answer. */
export interface HeartbeatResult {
  readonly eventId: string;
  /** True when this event id had been counted before: nothing was counted again. */
  readonly duplicate: boolean;
  readonly decision: PolicyDecision;
  readonly counted: {
    /** The time the heartbeat was counted at (ISO), after clamping. */
    readonly countedAt: string;
    readonly dayKey: string;
    readonly creditedSeconds: number;
    /** Exempt use (calls, essential functions, education or guardian-chosen apps) is not counted toward the total. */
    readonly exempt: boolean;
    readonly clamps: readonly Clamp[];
  };
  /** Today's device-wide usage after this heartbeat. */
  readonly today: {
    readonly dayKey: string;
    readonly usedSeconds: number;
    readonly extraSeconds: number;
    readonly continuousSeconds: number;
  };
}

type StoredAnswer = Omit<HeartbeatResult, 'duplicate'>;

async function storedAnswer(db: Db, minorId: string, eventId: string): Promise<HeartbeatResult | undefined> {
  const row = await db
    .selectFrom('youthHeartbeats')
    .select('answer')
    .where('minorId', '=', minorId)
    .where('eventId', '=', eventId)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { ...parseJson<StoredAnswer>(row.answer, {} as StoredAnswer), duplicate: true };
}

/**
 * Counts one heartbeat into the minor's device-wide day and answers with the policy's decision, in one transaction:
 * the day row is locked (PostgreSQL) or the single writer is held (SQLite) from reading the total to writing it, so two
 * devices reporting at once are counted one after the other and the cap is never passed by more than one heartbeat.
 * Server time is authoritative: a time in the future or far past is clamped and the clamp recorded. A retried event id
 * gets the first answer again and counts nothing.
 */
export async function recordHeartbeat(db: Db, input: HeartbeatInput, now: number): Promise<HeartbeatResult> {
  if (!Number.isFinite(input.occurredAt)) {
    throw new AppError('validation_failed', 'occurredAt is not a time.', [{ path: 'occurredAt', message: 'invalid' }]);
  }
  const nowDate = new Date(now);
  const run = (): Promise<HeartbeatResult> =>
    db.transaction().execute(async (trx) => {
      const row = await refreshBand(trx, await minorRowByRef(trx, input.tenantId, input.minorRef), now);
      // The device's previous heartbeat is the evidence for a claim longer than one heartbeat interval.
      const previousBeat = await trx
        .selectFrom('youthHeartbeats')
        .select((eb) => eb.fn.max('countedAt').as('at'))
        .where('minorId', '=', row.id)
        .where('deviceId', '=', input.deviceId)
        .executeTakeFirst();
      const previousAt = previousBeat?.at == null ? null : new Date(Number(previousBeat.at));
      const event = { at: new Date(input.occurredAt), seconds: input.seconds, previousAt };
      const eventDay = dayKeyOf(clampHeartbeat(event, nowDate).at);
      const today = dayKeyOf(nowDate);
      // Lock in day order so two transactions never wait on each other's rows the other way round.
      for (const day of [...new Set([eventDay, today])].sort()) await lockUsageDay(trx, row.id, day);
      const previous = await storedAnswer(trx, row.id, input.eventId);
      if (previous !== undefined) return previous;

      const before = await usageDay(trx, row.id, eventDay);
      const account = accountHeartbeat(
        {
          dayKey: eventDay,
          usedSeconds: before.usedSeconds,
          continuousSeconds: before.continuousSeconds,
          lastActiveAt: before.lastActiveAt === null ? null : new Date(before.lastActiveAt).toISOString(),
        },
        event,
        nowDate,
      );
      const minor = toMinor(row);
      const policy = effectivePolicy(minor.band, await tenantPolicyOf(trx, row.tenantId), minor.guardianSettings);
      const exempt = isExemptUse(policy, input.appId, input.appKind);
      if (!exempt) {
        await trx
          .updateTable('youthUsageDays')
          .set({
            usedSeconds: account.usage.usedSeconds,
            continuousSeconds: account.usage.continuousSeconds,
            lastActiveAt: account.usage.lastActiveAt === null ? null : Date.parse(account.usage.lastActiveAt),
          })
          .where('minorId', '=', row.id)
          .where('dayKey', '=', eventDay)
          .execute();
      }
      const creditedSeconds = exempt ? 0 : account.creditedSeconds;

      const context = await loadContext(trx, row, now);
      const request =
        input.appId === undefined
          ? { kind: 'session.heartbeat' as const, ...(input.appKind === undefined ? {} : { appKind: input.appKind }) }
          : {
              kind: 'session.heartbeat' as const,
              appId: input.appId,
              ...(input.appKind === undefined ? {} : { appKind: input.appKind }),
            };
      const decision = decide(context.policy, context.state, request, nowDate);
      const answer: StoredAnswer = {
        eventId: input.eventId,
        decision,
        counted: {
          countedAt: account.countedAt,
          dayKey: eventDay,
          creditedSeconds,
          exempt,
          clamps: account.clamps,
        },
        today: {
          dayKey: today,
          usedSeconds: context.state.usedSecondsToday,
          extraSeconds: context.state.extraSecondsToday,
          continuousSeconds: context.state.continuousSeconds,
        },
      };
      await trx
        .insertInto('youthHeartbeats')
        .values({
          minorId: row.id,
          eventId: input.eventId,
          deviceId: input.deviceId,
          appId: input.appId ?? null,
          occurredAt: input.occurredAt,
          countedAt: Date.parse(account.countedAt),
          dayKey: eventDay,
          seconds: input.seconds,
          creditedSeconds,
          clamps: JSON.stringify(account.clamps),
          answer: JSON.stringify(answer),
          receivedAt: now,
        })
        .execute();
      return { ...answer, duplicate: false };
    });
  try {
    return await run();
  } catch (error) {
    // The same event id raced in on another day row (a retry straddling midnight): the first one's answer stands.
    if (!isUniqueViolation(error)) throw error;
    const row = await minorRowByRef(db, input.tenantId, input.minorRef);
    const previous = await storedAnswer(db, row.id, input.eventId);
    if (previous === undefined) throw error;
    return previous;
  }
}

/** Usage per Asia/Shanghai day for a minor, for the days asked (missing days are zero). */
export async function usageByDay(
  db: Db,
  minorId: string,
  dayKeys: readonly string[],
): Promise<readonly { readonly dayKey: string; readonly usedSeconds: number; readonly extraSeconds: number }[]> {
  if (dayKeys.length === 0) return [];
  const rows = await db
    .selectFrom('youthUsageDays')
    .select(['dayKey', 'usedSeconds', 'extraSeconds'])
    .where('minorId', '=', minorId)
    .where('dayKey', 'in', [...dayKeys])
    .execute();
  const byDay = new Map(rows.map((r) => [r.dayKey, r]));
  return dayKeys.map((dayKey) => ({
    dayKey,
    usedSeconds: byDay.get(dayKey)?.usedSeconds ?? 0,
    extraSeconds: byDay.get(dayKey)?.extraSeconds ?? 0,
  }));
}
