import { BREAK_SECONDS } from './rules.js';
import { dayKeyOf } from './time.js';
import type { Clamp, HeartbeatAccount, HeartbeatEvent, UsageCounters } from './types.js';

/** Limits on what a heartbeat may claim; server time is authoritative. */
export interface HeartbeatLimits {
  /** A heartbeat may be stamped at most this far ahead of the server clock (clock skew); later is clamped to now. */
  readonly maxFutureSeconds: number;
  /** A heartbeat stamped further back than this (a device offline or a tampered clock) is counted at the limit. */
  readonly maxPastSeconds: number;
  /**
   * The most seconds of use one heartbeat may claim without evidence (about one heartbeat interval). A longer claim is
   * counted up to the time since the same device's previous heartbeat, at most `maxPastSeconds`.
   */
  readonly maxSecondsPerHeartbeat: number;
}

/** Defaults: 60 s of clock skew, 10 min of delay, one minute of use per heartbeat. */
export const DEFAULT_HEARTBEAT_LIMITS: HeartbeatLimits = {
  maxFutureSeconds: 60,
  maxPastSeconds: 10 * 60,
  maxSecondsPerHeartbeat: 60,
};

/** Empty counters for the Asia/Shanghai day of `now`. */
export function emptyUsage(now: Date): UsageCounters {
  return { dayKey: dayKeyOf(now), usedSeconds: 0, continuousSeconds: 0, lastActiveAt: null };
}

/**
 * Where a heartbeat's claimed time and length are not trusted, the values used instead. A time in the future (past the
 * allowed skew) becomes `now`; a time further back than `maxPastSeconds` becomes `now − maxPastSeconds`; a negative
 * length is 0. A length is counted as far as the evidence supports it: the time since the same device's previous
 * heartbeat (`previousAt`), at least `maxSecondsPerHeartbeat` and at most `maxPastSeconds`; beyond that it is cut, and
 * the cut is recorded, never made silently.
 */
export function clampHeartbeat(
  event: HeartbeatEvent,
  now: Date,
  limits: HeartbeatLimits = DEFAULT_HEARTBEAT_LIMITS,
): { at: Date; seconds: number; clamps: Clamp[] } {
  const clamps: Clamp[] = [];
  const nowMs = now.getTime();
  const claimed = event.at.getTime();
  let at = claimed;
  if (!Number.isFinite(claimed) || claimed > nowMs + limits.maxFutureSeconds * 1000) {
    at = nowMs;
    clamps.push({
      field: 'at',
      reason: 'future',
      received: Number.isFinite(claimed) ? event.at.toISOString() : 'invalid',
      used: now.toISOString(),
    });
  } else if (claimed > nowMs) {
    at = nowMs;
  } else if (claimed < nowMs - limits.maxPastSeconds * 1000) {
    at = nowMs - limits.maxPastSeconds * 1000;
    clamps.push({
      field: 'at',
      reason: 'far_past',
      received: event.at.toISOString(),
      used: new Date(at).toISOString(),
    });
  }
  let seconds = Number.isFinite(event.seconds) ? Math.floor(event.seconds) : 0;
  if (seconds < 0 || !Number.isFinite(event.seconds)) {
    clamps.push({ field: 'seconds', reason: 'negative', received: event.seconds, used: 0 });
    seconds = 0;
  } else {
    const previous = event.previousAt?.getTime();
    const elapsed = previous === undefined || !Number.isFinite(previous) ? 0 : Math.floor((at - previous) / 1000);
    const bound = Math.min(limits.maxPastSeconds, Math.max(limits.maxSecondsPerHeartbeat, elapsed));
    if (seconds > bound) {
      clamps.push({ field: 'seconds', reason: 'too_long', received: event.seconds, used: bound });
      seconds = bound;
    }
  }
  return { at: new Date(at), seconds, clamps };
}

/**
 * Counts one heartbeat into a minor's device-wide usage for a day. The event is clamped first (`clampHeartbeat`); its
 * time decides the Asia/Shanghai day, and counters of an earlier day start again from zero. A gap of `BREAK_SECONDS`
 * without use since the last heartbeat is a break and restarts continuous use. Heartbeats may arrive out of order: a
 * late one is added to the total but does not move `lastActiveAt` back. Idempotency (event ids) is the store's job.
 * A late heartbeat whose day is before the counters' day is not counted here (`creditedSeconds` 0).
 *
 * @example
 * accountHeartbeat(emptyUsage(now), { at: now, seconds: 60 }, now).usage.usedSeconds; // 60
 */
export function accountHeartbeat(
  usage: UsageCounters,
  event: HeartbeatEvent,
  now: Date,
  limits: HeartbeatLimits = DEFAULT_HEARTBEAT_LIMITS,
): HeartbeatAccount {
  const { at, seconds, clamps } = clampHeartbeat(event, now, limits);
  const countedAt = at.toISOString();
  const day = dayKeyOf(at);
  if (day < usage.dayKey) {
    return { usage, creditedSeconds: 0, countedAt, breakTaken: false, clamps };
  }
  const base: UsageCounters =
    day > usage.dayKey ? { dayKey: day, usedSeconds: 0, continuousSeconds: 0, lastActiveAt: null } : usage;
  const last = base.lastActiveAt === null ? null : Date.parse(base.lastActiveAt);
  // The heartbeat covers [at − seconds, at]; a break is a gap of BREAK_SECONDS between the last use and this one.
  const startMs = at.getTime() - seconds * 1000;
  const breakTaken = last !== null && startMs - last >= BREAK_SECONDS * 1000;
  const inOrder = last === null || at.getTime() >= last;
  const continuousSeconds = breakTaken ? seconds : base.continuousSeconds + seconds;
  return {
    usage: {
      dayKey: day,
      usedSeconds: base.usedSeconds + seconds,
      continuousSeconds,
      lastActiveAt: inOrder ? countedAt : base.lastActiveAt,
    },
    creditedSeconds: seconds,
    countedAt,
    breakTaken,
    clamps,
  };
}
