import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isAppError } from '../lib/index.js';
import {
  FEATURES,
  FEATURE_SETTINGS,
  LAW_TOPUP_CAPS,
  composePolicy,
  dayKeyOf,
  decide,
  isGameDay,
  monthKeyOf,
  weekdayOf,
  type GuardianSettings,
  type MinorBand,
  type YouthState,
} from './index.js';

// Properties over random instants and settings: the clock rules against Intl's Asia/Shanghai, and no decision or
// composed policy ever goes past the law, whatever the inputs.

const FROM = Date.UTC(1992, 0, 1);
const TO = Date.UTC(2100, 0, 1);
/** Any instant, or one within two seconds of midnight in Shanghai (16:00 UTC), where an off-by-one would show. */
const instantArb = fc.oneof(
  fc.integer({ min: FROM / 1000, max: TO / 1000 }).map((s) => new Date(s * 1000)),
  fc
    .tuple(fc.integer({ min: FROM / 86_400_000, max: TO / 86_400_000 }), fc.integer({ min: -2, max: 2 }))
    .map(([day, offset]) => new Date((day * 86_400 + 16 * 3600 + offset) * 1000)),
);
const recentArb = fc
  .integer({ min: Date.UTC(2024, 0, 1) / 1000, max: Date.UTC(2027, 0, 1) / 1000 })
  .map((s) => new Date(s * 1000));
const MINOR_BANDS: readonly MinorBand[] = ['under_3', 'age_3_8', 'age_8_12', 'age_12_16', 'age_16_18'];
const bandArb = fc.constantFrom(...MINOR_BANDS);

const intlDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', dateStyle: 'short' });
const intlParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Seconds since midnight in Shanghai, by Intl. */
function shanghaiSecond(now: Date): number {
  const parts = Object.fromEntries(intlParts.formatToParts(now).map((p) => [p.type, p.value]));
  return Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second);
}

test('days, months and weekdays agree with Intl in Asia/Shanghai', () => {
  fc.assert(
    fc.property(instantArb, (now) => {
      assert.equal(dayKeyOf(now), intlDay.format(now));
      assert.equal(monthKeyOf(now), intlDay.format(now).slice(0, 7));
      const weekday = intlParts
        .formatToParts(now)
        .find((p) => p.type === 'weekday')
        ?.value.toLowerCase();
      assert.equal(weekdayOf(now), weekday);
    }),
    { numRuns: 2000 },
  );
});

function state(now: Date, band: MinorBand, used: number, extra: number, continuous: number): YouthState {
  return {
    band,
    youthMode: true,
    locked: false,
    dayKey: dayKeyOf(now),
    usedSecondsToday: used,
    continuousSeconds: continuous,
    extraSecondsToday: extra,
    monthKey: monthKeyOf(now),
    spentThisMonthFen: 0,
    guardianConsents: [],
  };
}

test('a heartbeat is never allowed in the curfew nor past the day’s total, and the time left stops at both', () => {
  fc.assert(
    fc.property(
      recentArb,
      bandArb,
      fc.integer({ min: 0, max: 9000 }),
      fc.integer({ min: 0, max: 3600 }),
      (now, band, used, extra) => {
        const policy = composePolicy(band);
        const d = decide(policy, state(now, band, used, extra, 0), { kind: 'session.heartbeat' }, now);
        const second = shanghaiSecond(now);
        const limit = policy.dailyLimitSeconds.value + extra;
        if (d.outcome === 'allow') {
          assert.ok(second >= 6 * 3600 && second < 22 * 3600, `allowed at ${second}`);
          assert.ok(used < limit);
          assert.ok(d.remainingSeconds !== undefined && d.remainingSeconds > 0);
          assert.ok(d.remainingSeconds <= limit - used);
          assert.ok(second + d.remainingSeconds <= 22 * 3600);
        } else {
          assert.ok(second < 6 * 3600 || second >= 22 * 3600 || used >= limit);
        }
      },
    ),
    { numRuns: 2000 },
  );
});

test('a game is allowed only on a game day between 20:00 and 21:00, and never past 21:00', () => {
  fc.assert(
    fc.property(recentArb, bandArb, fc.boolean(), (now, band, youthMode) => {
      const s = { ...state(now, band, 0, 0, 0), youthMode };
      const d = decide(composePolicy(band), s, { kind: 'session.heartbeat', appKind: 'game' }, now);
      const second = shanghaiSecond(now);
      const inWindow = isGameDay(now) && second >= 20 * 3600 && second < 21 * 3600;
      assert.equal(d.outcome === 'allow', inWindow);
      if (d.outcome === 'allow') assert.ok(second + (d.remainingSeconds ?? 0) <= 21 * 3600);
    }),
    { numRuns: 2000 },
  );
});

const settingsArb: fc.Arbitrary<GuardianSettings> = fc.record(
  {
    dailyLimitMinutes: fc.integer({ min: -10, max: 400 }),
    restReminderMinutes: fc.integer({ min: 0, max: 60 }),
    curfew: fc.record({
      start: fc.constantFrom('12:00', '20:00', '21:30', '22:00', '22:01', '23:00'),
      end: fc.constantFrom('05:00', '05:59', '06:00', '07:00', '12:00', '12:01'),
    }),
    features: fc.dictionary(fc.constantFrom(...FEATURES), fc.constantFrom(...FEATURE_SETTINGS)),
    contentBand: fc.constantFrom('under_3', 'age_8_12', 'age_12_16', 'age_16_18', 'adult'),
    topupPerPaymentFen: fc.integer({ min: 0, max: 20_000 }),
    topupPerMonthFen: fc.integer({ min: 0, max: 60_000 }),
  },
  { requiredKeys: [] },
);

test('whatever a guardian sets, the composed policy stays within the law or the settings are refused with a code', () => {
  fc.assert(
    fc.property(bandArb, settingsArb, (band, settings) => {
      let policy;
      try {
        policy = composePolicy(band, {}, settings);
      } catch (error) {
        assert.ok(isAppError(error));
        assert.ok(['guardian_setting_out_of_bounds', 'validation_failed'].includes(error.code));
        assert.ok(error.details.length > 0 && error.details.every((d) => typeof d.rule === 'string'));
        return;
      }
      const law = LAW_TOPUP_CAPS[band];
      assert.ok(law.perPaymentFen === null || (policy.topupPerPaymentFen.value ?? 0) <= law.perPaymentFen);
      assert.ok(law.perMonthFen === null || (policy.topupPerMonthFen.value ?? 0) <= law.perMonthFen);
      if (law.perPaymentFen === null) assert.equal(policy.topupPerPaymentFen.value, null);
      assert.ok(policy.curfew.value.start <= '22:00' && policy.curfew.value.end >= '06:00');
      assert.ok(policy.curfew.value.start > policy.curfew.value.end);
      assert.equal(policy.features.tipping.value, 'deny');
      if (band !== 'age_16_18') assert.equal(policy.features.hosting.value, 'deny');
      assert.ok(policy.restReminderSeconds.value <= 1800);
      assert.ok(policy.dailyLimitSeconds.value >= 0 && policy.dailyLimitSeconds.value <= 240 * 60);
      assert.deepEqual(policy.gameWindow.value, { start: '20:00', end: '21:00' });
    }),
    { numRuns: 3000 },
  );
});
