import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  composePolicy,
  decide,
  dayKeyOf,
  isExemptUse,
  monthKeyOf,
  type AgeBand,
  type Decision,
  type GuardianSettings,
  type MinorBand,
  type PolicyRequest,
  type TenantPolicy,
  type YouthState,
} from './index.js';

/** An instant given on the Asia/Shanghai clock. */
const sh = (local: string): Date => new Date(`${local}+08:00`);

/** A minor's state on the day and month of `now`, with nothing used yet. */
function stateAt(now: Date, band: AgeBand, over: Partial<YouthState> = {}): YouthState {
  return {
    band,
    youthMode: true,
    locked: false,
    dayKey: dayKeyOf(now),
    usedSecondsToday: 0,
    continuousSeconds: 0,
    lastActiveAt: null,
    extraSecondsToday: 0,
    monthKey: monthKeyOf(now),
    spentThisMonthFen: 0,
    guardianConsents: [],
    ...over,
  };
}

interface Case {
  readonly name: string;
  readonly band?: AgeBand;
  readonly at: string;
  readonly request?: PolicyRequest;
  readonly state?: Partial<YouthState>;
  readonly tenant?: TenantPolicy;
  readonly guardian?: GuardianSettings;
  readonly expect: Partial<Decision>;
}

function run(cases: readonly Case[]): void {
  for (const c of cases) {
    test(c.name, () => {
      const band = c.band ?? 'age_12_16';
      const now = sh(c.at);
      const policy = composePolicy(band, c.tenant, c.guardian);
      const got = decide(policy, stateAt(now, band, c.state), c.request ?? { kind: 'session.heartbeat' }, now);
      const picked = Object.fromEntries(Object.keys(c.expect).map((k) => [k, got[k as keyof Decision]]));
      assert.deepEqual(picked, c.expect);
      assert.ok(got.reason.zh.length > 0 && got.reason.en.length > 0, 'a reason in both languages');
      assert.ok(got.source.length > 0, 'a source');
    });
  }
}

const MINOR_BANDS: readonly MinorBand[] = ['under_3', 'age_3_8', 'age_8_12', 'age_12_16', 'age_16_18'];
const DAILY: Readonly<Record<MinorBand, number>> = {
  under_3: 3600,
  age_3_8: 3600,
  age_8_12: 3600,
  age_12_16: 3600,
  age_16_18: 7200,
};

describe('daily total for every band', () => {
  run(
    MINOR_BANDS.flatMap((band): Case[] => [
      {
        name: `${band}: one second left of ${DAILY[band] / 60} minutes`,
        band,
        at: '2026-11-25T10:00:00',
        state: { usedSecondsToday: DAILY[band] - 1 },
        expect: { outcome: 'allow', rule: 'daily_total', layer: 'default', remainingSeconds: 1 },
      },
      {
        name: `${band}: the cap reached`,
        band,
        at: '2026-11-25T10:00:00',
        state: { usedSecondsToday: DAILY[band] },
        expect: {
          outcome: 'deny',
          rule: 'daily_total',
          remainingSeconds: 0,
          retryAt: sh('2026-11-26T06:00:00').toISOString(),
        },
      },
    ]),
  );
  run([
    {
      name: 'an adult has no limits',
      band: 'adult',
      at: '2026-11-25T23:00:00',
      state: { usedSecondsToday: 99_999 },
      expect: { outcome: 'allow', rule: 'youth_mode_off' },
    },
    {
      name: 'a minor out of youth mode has no time limit',
      at: '2026-11-25T23:00:00',
      state: { youthMode: false, usedSecondsToday: 99_999 },
      expect: { outcome: 'allow', rule: 'youth_mode_off' },
    },
    {
      name: 'extra time granted by a guardian extends the cap',
      at: '2026-11-25T10:00:00',
      state: { usedSecondsToday: 3600, extraSecondsToday: 900 },
      expect: { outcome: 'allow', remainingSeconds: 900 },
    },
    {
      name: 'a guardian raising the daily total to 90 minutes',
      at: '2026-11-25T10:00:00',
      state: { usedSecondsToday: 3600 },
      guardian: { dailyLimitMinutes: 90 },
      expect: { outcome: 'allow', layer: 'guardian', remainingSeconds: 1800 },
    },
    {
      name: 'a guardian lowering it to 30 minutes',
      at: '2026-11-25T10:00:00',
      state: { usedSecondsToday: 1800 },
      guardian: { dailyLimitMinutes: 30 },
      expect: { outcome: 'deny', rule: 'daily_total', layer: 'guardian' },
    },
    {
      name: 'a tenant default of 45 minutes',
      at: '2026-11-25T10:00:00',
      state: { usedSecondsToday: 2700 },
      tenant: { dailyLimitMinutes: { age_12_16: 45 } },
      expect: { outcome: 'deny', rule: 'daily_total', layer: 'tenant' },
    },
    {
      name: 'the remaining time stops at the curfew',
      at: '2026-11-25T21:50:00',
      expect: { outcome: 'allow', remainingSeconds: 600 },
    },
  ]);
});

describe('midnight rollover', () => {
  run([
    {
      name: "yesterday's full usage does not count today",
      at: '2026-11-25T06:00:00',
      state: { dayKey: '2026-11-24', usedSecondsToday: 3600, extraSecondsToday: 1800, continuousSeconds: 1800 },
      expect: { outcome: 'allow', rule: 'daily_total', remainingSeconds: 3600, restReminderDue: false },
    },
    {
      name: 'usage of today counts at 23:59:59 (in curfew) and the cap then lasts until 06:00 the day after',
      at: '2026-11-25T12:00:00',
      state: { usedSecondsToday: 3600 },
      expect: { outcome: 'deny', rule: 'daily_total', retryAt: sh('2026-11-26T06:00:00').toISOString() },
    },
  ]);
});

describe('curfew 22:00–06:00 Asia/Shanghai', () => {
  run([
    {
      name: '21:59:59 is allowed with one second left',
      at: '2026-11-25T21:59:59',
      expect: { outcome: 'allow', remainingSeconds: 1 },
    },
    {
      name: '22:00:00 is refused until 06:00',
      at: '2026-11-25T22:00:00',
      expect: { outcome: 'deny', rule: 'curfew', layer: 'law', retryAt: sh('2026-11-26T06:00:00').toISOString() },
    },
    {
      name: 'midnight is in the curfew',
      at: '2026-11-26T00:00:00',
      expect: { outcome: 'deny', rule: 'curfew', retryAt: sh('2026-11-26T06:00:00').toISOString() },
    },
    {
      name: '05:59:59 is refused for one more second',
      at: '2026-11-26T05:59:59',
      expect: { outcome: 'deny', rule: 'curfew', retryAt: sh('2026-11-26T06:00:00').toISOString() },
    },
    {
      name: '06:00:00 is allowed',
      at: '2026-11-26T06:00:00',
      expect: { outcome: 'allow', rule: 'daily_total', remainingSeconds: 3600 },
    },
    {
      name: 'for 16–18 as well',
      band: 'age_16_18',
      at: '2026-11-25T22:00:00',
      expect: { outcome: 'deny', rule: 'curfew' },
    },
    {
      name: "a guardian's longer curfew starts at 21:00",
      at: '2026-11-25T21:00:00',
      guardian: { curfew: { start: '21:00', end: '07:00' } },
      expect: { outcome: 'deny', rule: 'curfew', layer: 'guardian', retryAt: sh('2026-11-26T07:00:00').toISOString() },
    },
  ]);
});

describe('rest reminder after 30 minutes of continuous use', () => {
  run([
    {
      name: '29:59 of continuous use: the reminder is one second away',
      at: '2026-11-25T10:00:00',
      state: { continuousSeconds: 1799, usedSecondsToday: 1799, lastActiveAt: sh('2026-11-25T09:59:30').toISOString() },
      expect: {
        outcome: 'allow',
        rule: 'daily_total',
        restReminderDue: false,
        nextReminderAt: sh('2026-11-25T10:00:01').toISOString(),
      },
    },
    {
      name: '30:00 of continuous use: the reminder is due',
      at: '2026-11-25T10:00:00',
      state: { continuousSeconds: 1800, usedSecondsToday: 1800, lastActiveAt: sh('2026-11-25T09:59:30').toISOString() },
      expect: { outcome: 'allow', rule: 'rest_reminder', restReminderDue: true, remainingSeconds: 1800 },
    },
    {
      name: 'a ten-minute break restarts continuous use',
      at: '2026-11-25T10:10:00',
      state: { continuousSeconds: 1800, usedSecondsToday: 1800, lastActiveAt: sh('2026-11-25T10:00:00').toISOString() },
      expect: { outcome: 'allow', rule: 'daily_total', restReminderDue: false },
    },
    {
      name: 'a guardian may shorten it to 20 minutes',
      at: '2026-11-25T10:00:00',
      state: { continuousSeconds: 1200, lastActiveAt: sh('2026-11-25T09:59:30').toISOString() },
      guardian: { restReminderMinutes: 20 },
      expect: { outcome: 'allow', rule: 'rest_reminder', layer: 'guardian', restReminderDue: true },
    },
  ]);
});

const game: PolicyRequest = { kind: 'session.heartbeat', appKind: 'game' };

describe('online games: Fri, Sat, Sun and statutory holidays, 20:00–21:00', () => {
  run([
    {
      name: 'a plain Friday at 20:00:00',
      at: '2026-11-27T20:00:00',
      request: game,
      expect: { outcome: 'allow', rule: 'game_hours', remainingSeconds: 3600 },
    },
    {
      name: 'a plain Friday at 19:59:59',
      at: '2026-11-27T19:59:59',
      request: game,
      expect: { outcome: 'deny', rule: 'game_hours', layer: 'law', retryAt: sh('2026-11-27T20:00:00').toISOString() },
    },
    {
      name: 'a plain Friday at 21:00:00',
      at: '2026-11-27T21:00:00',
      request: game,
      expect: { outcome: 'deny', rule: 'game_hours', retryAt: sh('2026-11-28T20:00:00').toISOString() },
    },
    {
      name: 'a plain Saturday at 20:59:59, one second left',
      at: '2026-11-28T20:59:59',
      request: game,
      expect: { outcome: 'allow', remainingSeconds: 1 },
    },
    {
      name: 'a plain Thursday at 20:30 waits for Friday',
      at: '2026-11-26T20:30:00',
      request: game,
      expect: { outcome: 'deny', rule: 'game_hours', retryAt: sh('2026-11-27T20:00:00').toISOString() },
    },
    {
      name: 'National Day 2026 (a Thursday) at 20:30',
      at: '2026-10-01T20:30:00',
      request: game,
      expect: { outcome: 'allow', rule: 'game_hours', remainingSeconds: 1800 },
    },
    {
      name: 'the National Day holiday on a Tuesday (6 Oct 2026)',
      at: '2026-10-06T20:30:00',
      request: game,
      expect: { outcome: 'allow' },
    },
    {
      name: 'the make-up workday Saturday 10 Oct 2026 is closed; Sunday 11 Oct opens',
      at: '2026-10-10T20:30:00',
      request: game,
      expect: { outcome: 'deny', rule: 'game_hours', retryAt: sh('2026-10-11T20:00:00').toISOString() },
    },
    {
      name: 'the Thursday after the holiday waits for Friday 9 Oct',
      at: '2026-10-08T20:30:00',
      request: game,
      expect: { outcome: 'deny', retryAt: sh('2026-10-09T20:00:00').toISOString() },
    },
    {
      name: 'for 16–18 as well',
      band: 'age_16_18',
      at: '2026-11-26T20:30:00',
      request: game,
      expect: { outcome: 'deny', rule: 'game_hours' },
    },
    {
      name: 'out of youth mode a minor is still held to the window',
      at: '2026-11-26T20:30:00',
      request: game,
      state: { youthMode: false },
      expect: { outcome: 'deny', rule: 'game_hours' },
    },
    {
      name: 'the daily total still applies inside the window',
      at: '2026-11-27T20:30:00',
      request: game,
      state: { usedSecondsToday: 3600 },
      expect: { outcome: 'deny', rule: 'daily_total' },
    },
    {
      name: 'game play as a feature is the same question',
      at: '2026-11-26T20:30:00',
      request: { kind: 'feature.use', feature: 'game_play' },
      expect: { outcome: 'deny', rule: 'game_hours' },
    },
    {
      name: 'a guardian may turn games off altogether',
      at: '2026-11-27T20:30:00',
      request: game,
      guardian: { features: { game_play: 'deny' } },
      expect: { outcome: 'deny', rule: 'game_hours', layer: 'guardian' },
    },
    {
      name: 'an adult plays any time',
      band: 'adult',
      at: '2026-11-26T23:30:00',
      request: game,
      expect: { outcome: 'allow' },
    },
    {
      name: 'an exempt app that is a game is still a game',
      at: '2026-11-26T20:30:00',
      request: { kind: 'session.heartbeat', appKind: 'game', appId: 'chess' },
      guardian: { exemptApps: ['chess'] },
      expect: { outcome: 'deny', rule: 'game_hours' },
    },
  ]);
});

describe('exemptions and the guardian lock', () => {
  run([
    {
      name: 'a call during the curfew',
      at: '2026-11-25T23:00:00',
      request: { kind: 'session.heartbeat', appKind: 'call' },
      expect: { outcome: 'allow', rule: 'exemption' },
    },
    {
      name: 'an essential function past the daily total',
      at: '2026-11-25T10:00:00',
      request: { kind: 'session.heartbeat', appKind: 'essential' },
      state: { usedSecondsToday: 3600 },
      expect: { outcome: 'allow', rule: 'exemption' },
    },
    {
      name: 'a registered education service past the daily total',
      at: '2026-11-25T10:00:00',
      request: { kind: 'session.heartbeat', appKind: 'education', appId: 'maths' },
      state: { usedSecondsToday: 3600 },
      tenant: { educationApps: ['maths'] },
      expect: { outcome: 'allow', rule: 'exemption', layer: 'tenant' },
    },
    {
      name: 'an unregistered app calling itself education is not exempt',
      at: '2026-11-25T10:00:00',
      request: { kind: 'session.heartbeat', appKind: 'education', appId: 'not-registered' },
      state: { usedSecondsToday: 3600 },
      expect: { outcome: 'deny', rule: 'daily_total' },
    },
    {
      name: 'a guardian-chosen app during the curfew',
      at: '2026-11-25T22:30:00',
      request: { kind: 'session.heartbeat', appId: 'dictionary' },
      guardian: { exemptApps: ['dictionary'] },
      expect: { outcome: 'allow', rule: 'exemption', layer: 'guardian' },
    },
    {
      name: 'locked: plain use is refused',
      at: '2026-11-25T10:00:00',
      state: { locked: true },
      expect: { outcome: 'deny', rule: 'guardian_lock', layer: 'guardian', remainingSeconds: 0 },
    },
    {
      name: 'locked: a guardian-chosen app is refused too',
      at: '2026-11-25T10:00:00',
      request: { kind: 'session.heartbeat', appId: 'dictionary' },
      guardian: { exemptApps: ['dictionary'] },
      state: { locked: true },
      expect: { outcome: 'deny', rule: 'guardian_lock' },
    },
    {
      name: 'locked: calls still work',
      at: '2026-11-25T10:00:00',
      request: { kind: 'session.heartbeat', appKind: 'call' },
      state: { locked: true },
      expect: { outcome: 'allow', rule: 'exemption' },
    },
  ]);
});

describe("a guardian's weekly schedule", () => {
  const guardian: GuardianSettings = {
    schedule: { wed: { dailyLimitMinutes: 30, windows: [{ start: '16:00', end: '18:00' }] } },
  };
  run([
    {
      name: 'before the window on Wednesday',
      at: '2026-11-25T15:00:00',
      guardian,
      expect: { outcome: 'deny', rule: 'weekday_schedule', retryAt: sh('2026-11-25T16:00:00').toISOString() },
    },
    {
      name: "inside the window, the day's own total",
      at: '2026-11-25T17:00:00',
      guardian,
      expect: { outcome: 'allow', layer: 'guardian', remainingSeconds: 1800 },
    },
    {
      name: 'the window end bounds the remaining time',
      at: '2026-11-25T17:50:00',
      guardian,
      expect: { outcome: 'allow', remainingSeconds: 600 },
    },
    {
      name: "the day's total reached",
      at: '2026-11-25T17:00:00',
      state: { usedSecondsToday: 1800 },
      guardian,
      expect: { outcome: 'deny', rule: 'daily_total', layer: 'guardian' },
    },
    {
      name: 'after the last window',
      at: '2026-11-25T18:00:00',
      guardian,
      expect: { outcome: 'deny', rule: 'weekday_schedule' },
    },
    {
      name: 'Thursday has no schedule: the default total',
      at: '2026-11-26T15:00:00',
      guardian,
      expect: { outcome: 'allow', layer: 'default', remainingSeconds: 3600 },
    },
  ]);
});

describe('content by rating', () => {
  const view = (rating: Extract<PolicyRequest, { kind: 'content.view' }>['rating']): PolicyRequest => ({
    kind: 'content.view',
    rating,
  });
  run([
    {
      name: 'harmful content is refused even to adults',
      band: 'adult',
      at: '2026-11-25T10:00:00',
      request: view({ categories: ['gambling'] }),
      expect: { outcome: 'deny', rule: 'content_harmful', layer: 'law' },
    },
    {
      name: 'may-affect content is refused to a minor',
      at: '2026-11-25T10:00:00',
      request: view({ categories: ['horror'] }),
      expect: { outcome: 'deny', rule: 'content_may_affect' },
    },
    {
      name: 'may-affect content is refused to a minor outside youth mode too',
      at: '2026-11-25T10:00:00',
      request: view({ tier: 'may_affect' }),
      state: { youthMode: false },
      expect: { outcome: 'deny', rule: 'content_may_affect' },
    },
    {
      name: 'may-affect content is allowed to an adult',
      band: 'adult',
      at: '2026-11-25T10:00:00',
      request: view({ categories: ['horror'] }),
      expect: { outcome: 'allow' },
    },
    {
      name: 'conduct is refused to a minor',
      at: '2026-11-25T10:00:00',
      request: view({ categories: ['grooming'] }),
      expect: { outcome: 'deny', rule: 'content_conduct' },
    },
    {
      name: 'content for an older band',
      at: '2026-11-25T10:00:00',
      request: view({ minBand: 'age_16_18' }),
      expect: { outcome: 'deny', rule: 'content_age_band', layer: 'default' },
    },
    {
      name: 'content for the own band',
      at: '2026-11-25T10:00:00',
      request: view({ minBand: 'age_12_16' }),
      expect: { outcome: 'allow', rule: 'content_age_band' },
    },
    {
      name: "a guardian's younger content band",
      at: '2026-11-25T10:00:00',
      request: view({ minBand: 'age_12_16' }),
      guardian: { contentBand: 'age_8_12' },
      expect: { outcome: 'deny', rule: 'content_age_band', layer: 'guardian' },
    },
  ]);
});

describe('features', () => {
  const use = (feature: Extract<PolicyRequest, { kind: 'feature.use' }>['feature']): PolicyRequest => ({
    kind: 'feature.use',
    feature,
  });
  run([
    ...MINOR_BANDS.map((band): Case => ({
      name: `${band}: no live tipping`,
      band,
      at: '2026-11-25T10:00:00',
      request: use('tipping'),
      expect: { outcome: 'deny', rule: 'live_tipping', layer: 'law' },
    })),
    {
      name: 'no tipping outside youth mode either',
      at: '2026-11-25T10:00:00',
      request: use('tipping'),
      state: { youthMode: false },
      expect: { outcome: 'deny', rule: 'live_tipping' },
    },
    ...(['under_3', 'age_3_8', 'age_8_12', 'age_12_16'] as const).map((band): Case => ({
      name: `${band}: no hosting, even with consent`,
      band,
      at: '2026-11-25T10:00:00',
      request: use('hosting'),
      state: { guardianConsents: ['hosting'] },
      expect: { outcome: 'deny', rule: 'live_hosting', layer: 'law' },
    })),
    {
      name: '16–18: hosting needs a guardian',
      band: 'age_16_18',
      at: '2026-11-25T10:00:00',
      request: use('hosting'),
      expect: { outcome: 'needs_guardian', rule: 'live_hosting' },
    },
    {
      name: '16–18: hosting with a recorded consent',
      band: 'age_16_18',
      at: '2026-11-25T10:00:00',
      request: use('hosting'),
      state: { guardianConsents: ['hosting'] },
      expect: { outcome: 'allow', rule: 'live_hosting' },
    },
    {
      name: "16–18: hosting allowed in the guardian's settings",
      band: 'age_16_18',
      at: '2026-11-25T10:00:00',
      request: use('hosting'),
      guardian: { features: { hosting: 'allow' } },
      expect: { outcome: 'allow', rule: 'live_hosting', layer: 'guardian' },
    },
    {
      name: "strangers' messages are off by default",
      at: '2026-11-25T10:00:00',
      request: use('stranger_dm'),
      expect: { outcome: 'deny', rule: 'stranger_messages', layer: 'default' },
    },
    {
      name: "a guardian may turn strangers' messages on",
      at: '2026-11-25T10:00:00',
      request: use('stranger_dm'),
      guardian: { features: { stranger_dm: 'allow' } },
      expect: { outcome: 'allow', rule: 'stranger_messages', layer: 'guardian' },
    },
    {
      name: 'external links need a guardian',
      at: '2026-11-25T10:00:00',
      request: use('external_link'),
      expect: { outcome: 'needs_guardian', rule: 'external_link' },
    },
    {
      name: 'an adult may tip',
      band: 'adult',
      at: '2026-11-25T10:00:00',
      request: use('tipping'),
      expect: { outcome: 'allow' },
    },
    {
      name: 'locked: features are refused',
      at: '2026-11-25T10:00:00',
      request: use('external_link'),
      state: { locked: true },
      expect: { outcome: 'deny', rule: 'guardian_lock' },
    },
  ]);
});

const topup = (amountFen: number): PolicyRequest => ({ kind: 'purchase', amountFen, purchaseKind: 'game_topup' });

describe('game top-up caps per payment and per month', () => {
  const caps: readonly [MinorBand, number, number][] = [
    ['age_8_12', 5_000, 20_000],
    ['age_12_16', 5_000, 20_000],
    ['age_16_18', 10_000, 40_000],
  ];
  run([
    ...(['under_3', 'age_3_8'] as const).map((band): Case => ({
      name: `${band}: no top-ups at all`,
      band,
      at: '2026-11-25T10:00:00',
      request: topup(1),
      expect: { outcome: 'deny', rule: 'game_topup', layer: 'law' },
    })),
    ...caps.flatMap(([band, perPayment, perMonth]): Case[] => [
      {
        name: `${band}: a payment of exactly ${perPayment / 100} CNY`,
        band,
        at: '2026-11-25T10:00:00',
        request: topup(perPayment),
        expect: { outcome: 'allow', rule: 'game_topup' },
      },
      {
        name: `${band}: one fen over the per-payment cap`,
        band,
        at: '2026-11-25T10:00:00',
        request: topup(perPayment + 1),
        expect: { outcome: 'deny', rule: 'game_topup', layer: 'law' },
      },
      {
        name: `${band}: reaching the monthly cap exactly`,
        band,
        at: '2026-11-25T10:00:00',
        request: topup(perPayment),
        state: { spentThisMonthFen: perMonth - perPayment },
        expect: { outcome: 'allow' },
      },
      {
        name: `${band}: one fen past the monthly cap`,
        band,
        at: '2026-11-25T10:00:00',
        request: topup(perPayment),
        state: { spentThisMonthFen: perMonth - perPayment + 1 },
        expect: { outcome: 'deny', rule: 'game_topup' },
      },
      {
        name: `${band}: last month's spending does not count`,
        band,
        at: '2026-12-01T00:00:00',
        request: topup(perPayment),
        state: { monthKey: '2026-11', spentThisMonthFen: perMonth },
        expect: { outcome: 'allow' },
      },
    ]),
    {
      name: 'caps hold outside youth mode',
      at: '2026-11-25T10:00:00',
      request: topup(5_001),
      state: { youthMode: false },
      expect: { outcome: 'deny', rule: 'game_topup' },
    },
    {
      name: "a guardian's lower per-payment cap",
      at: '2026-11-25T10:00:00',
      request: topup(2_001),
      guardian: { topupPerPaymentFen: 2_000 },
      expect: { outcome: 'deny', rule: 'game_topup', layer: 'guardian' },
    },
    {
      name: "a tenant's lower monthly cap",
      at: '2026-11-25T10:00:00',
      request: topup(5_000),
      state: { spentThisMonthFen: 6_000 },
      tenant: { topupPerMonthFen: { age_12_16: 10_000 } },
      expect: { outcome: 'deny', rule: 'game_topup', layer: 'tenant' },
    },
    {
      name: 'an adult is not capped',
      band: 'adult',
      at: '2026-11-25T10:00:00',
      request: topup(1_000_000),
      expect: { outcome: 'allow' },
    },
    {
      name: 'under 8 every other purchase needs a guardian',
      band: 'age_3_8',
      at: '2026-11-25T10:00:00',
      request: { kind: 'purchase', amountFen: 100, purchaseKind: 'other' },
      expect: { outcome: 'needs_guardian', rule: 'purchase_approval', layer: 'law' },
    },
    {
      name: 'under 8 an approved purchase goes through',
      band: 'age_3_8',
      at: '2026-11-25T10:00:00',
      request: { kind: 'purchase', amountFen: 100, purchaseKind: 'other', guardianApproved: true },
      expect: { outcome: 'allow' },
    },
    {
      name: "above a guardian's approval threshold",
      at: '2026-11-25T10:00:00',
      request: { kind: 'purchase', amountFen: 1_001, purchaseKind: 'other' },
      guardian: { purchaseApprovalOverFen: 1_000 },
      expect: { outcome: 'needs_guardian', rule: 'purchase_approval', layer: 'guardian' },
    },
    {
      name: 'an approval does not lift a legal cap',
      at: '2026-11-25T10:00:00',
      request: { kind: 'purchase', amountFen: 6_000, purchaseKind: 'game_topup', guardianApproved: true },
      expect: { outcome: 'deny', rule: 'game_topup' },
    },
  ]);

  test('a malformed amount is a coded error', () => {
    const now = sh('2026-11-25T10:00:00');
    for (const amountFen of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => decide(composePolicy('age_12_16'), stateAt(now, 'age_12_16'), topup(amountFen), now), {
        code: 'validation_failed',
      });
    }
  });
});

describe('leaving youth mode', () => {
  run([
    {
      name: 'needs guardian verification',
      at: '2026-11-25T10:00:00',
      request: { kind: 'mode.exit' },
      expect: { outcome: 'needs_guardian', rule: 'mode_exit', layer: 'law' },
    },
    {
      name: 'goes through once verified',
      at: '2026-11-25T10:00:00',
      request: { kind: 'mode.exit', guardianVerified: true },
      expect: { outcome: 'allow', rule: 'mode_exit' },
    },
    {
      name: 'an adult leaves freely',
      band: 'adult',
      at: '2026-11-25T10:00:00',
      request: { kind: 'mode.exit' },
      expect: { outcome: 'allow' },
    },
  ]);
});

test('which uses count toward the daily total', () => {
  const policy = composePolicy('age_12_16', { educationApps: ['maths'] }, { exemptApps: ['dictionary'] });
  assert.equal(isExemptUse(policy, undefined, 'call'), true);
  assert.equal(isExemptUse(policy, undefined, 'essential'), true);
  assert.equal(isExemptUse(policy, 'maths', 'education'), true);
  assert.equal(isExemptUse(policy, 'dictionary'), true);
  assert.equal(isExemptUse(policy, 'dictionary', 'game'), false);
  assert.equal(isExemptUse(policy, 'unknown', 'education'), false);
  assert.equal(isExemptUse(policy, undefined), false);
});

describe('curfew is a youth-mode rule: no one loosens it inside youth mode, and leaving youth mode lifts it', () => {
  run([
    {
      name: 'in youth mode at 23:00: curfew, whatever was used',
      at: '2026-11-25T23:00:00',
      expect: { outcome: 'deny', rule: 'curfew', layer: 'law' },
    },
    {
      name: 'in youth mode at 23:00 with an exempt app chosen by the guardian: exempt apps are the way out at night',
      at: '2026-11-25T23:00:00',
      request: { kind: 'session.heartbeat', appId: 'dictionary', appKind: 'education' },
      guardian: { exemptApps: ['dictionary'] },
      expect: { outcome: 'allow' },
    },
    {
      name: 'out of youth mode (a guardian-verified exit) at 23:00: no curfew',
      at: '2026-11-25T23:00:00',
      state: { youthMode: false },
      expect: { outcome: 'allow', rule: 'youth_mode_off' },
    },
    {
      name: 'out of youth mode at 23:00, a game: the law’s games window still holds',
      at: '2026-11-25T23:00:00',
      state: { youthMode: false },
      request: { kind: 'session.heartbeat', appKind: 'game' },
      expect: { outcome: 'deny', rule: 'game_hours', layer: 'law' },
    },
    {
      name: 'leaving youth mode needs a guardian',
      at: '2026-11-25T23:00:00',
      request: { kind: 'mode.exit' },
      expect: { outcome: 'needs_guardian', rule: 'mode_exit' },
    },
  ]);
  test('a guardian cannot shorten the curfew', () => {
    assert.throws(
      () => composePolicy('age_12_16', {}, { curfew: { start: '23:00', end: '06:00' } }),
      (error: { code?: string }) => error.code === 'guardian_setting_out_of_bounds',
    );
  });
});
