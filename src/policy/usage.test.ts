import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  accountHeartbeat,
  clampHeartbeat,
  composePolicy,
  decide,
  emptyUsage,
  monthKeyOf,
  type UsageCounters,
} from './index.js';

const sh = (local: string): Date => new Date(`${local}+08:00`);
const plus = (date: Date, seconds: number): Date => new Date(date.getTime() + seconds * 1000);

describe('clamping heartbeats: server time is authoritative', () => {
  const now = sh('2026-11-25T10:00:00');
  const cases: readonly [string, Date, number, string, number, string[]][] = [
    ['on time', now, 60, now.toISOString(), 60, []],
    ['a little ahead (clock skew) is counted now, unrecorded', plus(now, 30), 60, now.toISOString(), 60, []],
    ['from the future', plus(now, 3600), 60, now.toISOString(), 60, ['at:future']],
    ['from the far past', plus(now, -86_400), 60, plus(now, -600).toISOString(), 60, ['at:far_past']],
    ['too long', now, 3600, now.toISOString(), 60, ['seconds:too_long']],
    ['negative', now, -5, now.toISOString(), 0, ['seconds:negative']],
    ['an invalid time', new Date(Number.NaN), 60, now.toISOString(), 60, ['at:future']],
  ];
  for (const [name, at, seconds, usedAt, usedSeconds, clamps] of cases) {
    test(name, () => {
      const got = clampHeartbeat({ at, seconds }, now);
      assert.equal(got.at.toISOString(), usedAt);
      assert.equal(got.seconds, usedSeconds);
      assert.deepEqual(
        got.clamps.map((c) => `${c.field}:${c.reason}`),
        clamps,
      );
    });
  }
});

describe('a long heartbeat counts the time its evidence supports', () => {
  const now = sh('2026-11-25T10:00:00');
  const cases: readonly [string, number | null, number, number, string[]][] = [
    ['ten minutes claimed, ten minutes since the device last reported: all of it', 600, 600, 600, []],
    ['ten minutes claimed, five since the last report: five, and the cut is recorded', 300, 600, 300, ['too_long']],
    ['an hour since the last report: at most ten minutes', 3600, 3600, 600, ['too_long']],
    ['a first heartbeat (no evidence): one interval', null, 600, 60, ['too_long']],
    ['a previous report after this one (out of order): one interval', -120, 600, 60, ['too_long']],
    ['a short claim is never stretched', 600, 30, 30, []],
  ];
  for (const [name, sinceSeconds, claimed, counted, clamps] of cases) {
    test(name, () => {
      const previousAt = sinceSeconds === null ? null : plus(now, -sinceSeconds);
      const got = clampHeartbeat({ at: now, seconds: claimed, previousAt }, now);
      assert.equal(got.seconds, counted);
      assert.deepEqual(
        got.clamps.map((c) => c.reason),
        clamps,
      );
    });
  }

  test('55 minutes used and ten more reported at once: the daily total is passed and use is refused', () => {
    const policy = composePolicy('age_12_16');
    const start = sh('2026-11-25T10:00:00');
    let usage: UsageCounters = emptyUsage(start);
    let at = start;
    for (let minute = 1; minute <= 55; minute += 1) {
      at = plus(start, minute * 60);
      usage = accountHeartbeat(usage, { at, seconds: 60, previousAt: plus(at, -60) }, at).usage;
    }
    const later = plus(at, 600);
    const account = accountHeartbeat(usage, { at: later, seconds: 600, previousAt: at }, later);
    assert.equal(account.creditedSeconds, 600);
    const state = {
      band: 'age_12_16' as const,
      youthMode: true,
      locked: false,
      dayKey: account.usage.dayKey,
      usedSecondsToday: account.usage.usedSeconds,
      extraSecondsToday: 0,
      continuousSeconds: 0,
      monthKey: monthKeyOf(later),
      spentThisMonthFen: 0,
      guardianConsents: [],
    };
    const decision = decide(policy, state, { kind: 'session.heartbeat' }, later);
    assert.equal(decision.outcome, 'deny');
    assert.equal(decision.rule, 'daily_total');
  });
});

describe('counting heartbeats into the day', () => {
  test('heartbeats add up and keep continuous use', () => {
    let usage: UsageCounters = emptyUsage(sh('2026-11-25T10:00:00'));
    for (let i = 1; i <= 3; i += 1) {
      const at = sh(`2026-11-25T10:0${i}:00`);
      usage = accountHeartbeat(usage, { at, seconds: 60 }, at).usage;
    }
    assert.deepEqual(usage, {
      dayKey: '2026-11-25',
      usedSeconds: 180,
      continuousSeconds: 180,
      lastActiveAt: sh('2026-11-25T10:03:00').toISOString(),
    });
  });

  test('a ten-minute gap is a break', () => {
    const start: UsageCounters = {
      dayKey: '2026-11-25',
      usedSeconds: 1800,
      continuousSeconds: 1800,
      lastActiveAt: sh('2026-11-25T10:00:00').toISOString(),
    };
    const justUnder = accountHeartbeat(
      start,
      { at: sh('2026-11-25T10:10:59'), seconds: 60 },
      sh('2026-11-25T10:11:00'),
    );
    assert.equal(justUnder.breakTaken, false);
    assert.equal(justUnder.usage.continuousSeconds, 1860);
    const after = accountHeartbeat(start, { at: sh('2026-11-25T10:11:00'), seconds: 60 }, sh('2026-11-25T10:11:00'));
    assert.equal(after.breakTaken, true);
    assert.equal(after.usage.continuousSeconds, 60);
    assert.equal(after.usage.usedSeconds, 1860);
  });

  test('midnight starts a new day', () => {
    const before: UsageCounters = {
      dayKey: '2026-11-25',
      usedSeconds: 3000,
      continuousSeconds: 600,
      lastActiveAt: sh('2026-11-25T23:59:00').toISOString(),
    };
    const got = accountHeartbeat(before, { at: sh('2026-11-26T00:00:30'), seconds: 30 }, sh('2026-11-26T00:00:30'));
    assert.equal(got.usage.dayKey, '2026-11-26');
    assert.equal(got.usage.usedSeconds, 30);
    assert.equal(got.usage.continuousSeconds, 30);
  });

  test('a late heartbeat counts but does not move the last activity back', () => {
    const usage: UsageCounters = {
      dayKey: '2026-11-25',
      usedSeconds: 120,
      continuousSeconds: 120,
      lastActiveAt: sh('2026-11-25T10:02:00').toISOString(),
    };
    const got = accountHeartbeat(usage, { at: sh('2026-11-25T10:01:00'), seconds: 60 }, sh('2026-11-25T10:02:05'));
    assert.equal(got.usage.usedSeconds, 180);
    assert.equal(got.usage.lastActiveAt, usage.lastActiveAt);
  });

  test("a late heartbeat from yesterday does not count into today's counters", () => {
    const usage: UsageCounters = { dayKey: '2026-11-26', usedSeconds: 60, continuousSeconds: 60, lastActiveAt: null };
    const got = accountHeartbeat(usage, { at: sh('2026-11-25T23:59:00'), seconds: 60 }, sh('2026-11-26T00:01:00'));
    assert.equal(got.creditedSeconds, 0);
    assert.deepEqual(got.usage, usage);
  });

  test('a heartbeat from the future is clamped and recorded', () => {
    const now = sh('2026-11-25T10:00:00');
    const got = accountHeartbeat(emptyUsage(now), { at: sh('2026-11-26T10:00:00'), seconds: 600 }, now);
    assert.equal(got.usage.dayKey, '2026-11-25');
    assert.equal(got.creditedSeconds, 60);
    assert.equal(got.countedAt, now.toISOString());
    assert.deepEqual(
      got.clamps.map((c) => c.reason),
      ['future', 'too_long'],
    );
  });

  test('two devices sum into one total, and the cap is crossed by at most one heartbeat', () => {
    const policy = composePolicy('age_12_16');
    let usage = emptyUsage(sh('2026-11-25T10:00:00'));
    let now = sh('2026-11-25T10:00:00');
    let allowedHeartbeats = 0;
    for (let minute = 0; minute < 60; minute += 1) {
      for (const device of [0, 1]) {
        now = plus(sh('2026-11-25T10:00:00'), minute * 60 + device);
        const d = decide(
          policy,
          {
            band: 'age_12_16',
            youthMode: true,
            locked: false,
            dayKey: usage.dayKey,
            usedSecondsToday: usage.usedSeconds,
            continuousSeconds: usage.continuousSeconds,
            lastActiveAt: usage.lastActiveAt,
            extraSecondsToday: 0,
            monthKey: monthKeyOf(now),
            spentThisMonthFen: 0,
            guardianConsents: [],
          },
          { kind: 'session.heartbeat' },
          now,
        );
        if (d.outcome !== 'allow') continue;
        allowedHeartbeats += 1;
        usage = accountHeartbeat(usage, { at: now, seconds: 60 }, now).usage;
      }
    }
    assert.equal(usage.usedSeconds, 3600);
    assert.equal(allowedHeartbeats, 60);
  });
});
