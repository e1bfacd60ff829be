import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAppError } from '../lib/index.js';
import {
  GUARDIAN_BOUNDS,
  composePolicy,
  defaultPolicy,
  validateGuardianSettings,
  validateTenantPolicy,
  type AgeBand,
  type GuardianSettings,
  type TenantPolicy,
} from './index.js';

/** The code and the rules named by the error `run` throws. */
function refusal(run: () => unknown): { code: string; rules: string[] } {
  try {
    run();
  } catch (error) {
    assert.ok(isAppError(error), 'a coded error');
    return { code: error.code, rules: error.details.map((d) => d.rule ?? '?').sort() };
  }
  assert.fail('expected a refusal');
}

describe('the default policy says which values are law and which are defaults', () => {
  test('12–16', () => {
    const p = defaultPolicy('age_12_16');
    assert.deepEqual(p.dailyLimitSeconds, { value: 3600, rule: 'daily_total', layer: 'default' });
    assert.deepEqual(p.restReminderSeconds, { value: 1800, rule: 'rest_reminder', layer: 'default' });
    assert.deepEqual(p.curfew, { value: { start: '22:00', end: '06:00' }, rule: 'curfew', layer: 'law' });
    assert.deepEqual(p.gameWindow, { value: { start: '20:00', end: '21:00' }, rule: 'game_hours', layer: 'law' });
    assert.deepEqual(p.topupPerPaymentFen, { value: 5000, rule: 'game_topup', layer: 'law' });
    assert.deepEqual(p.topupPerMonthFen, { value: 20000, rule: 'game_topup', layer: 'law' });
    assert.equal(p.features.tipping.layer, 'law');
    assert.equal(p.features.hosting.value, 'deny');
    assert.equal(p.features.stranger_dm.layer, 'default');
    assert.equal(p.exitNeedsGuardian.value, true);
  });
  test('16–18 and under 8', () => {
    assert.equal(defaultPolicy('age_16_18').dailyLimitSeconds.value, 7200);
    assert.equal(defaultPolicy('age_16_18').features.hosting.value, 'needs_guardian');
    assert.equal(defaultPolicy('age_16_18').topupPerMonthFen.value, 40000);
    assert.equal(defaultPolicy('age_3_8').topupPerPaymentFen.value, null);
    assert.deepEqual(defaultPolicy('age_3_8').purchaseApprovalOverFen, {
      value: 0,
      rule: 'purchase_approval',
      layer: 'law',
    });
  });
});

describe('a tenant may be stricter than the law, never looser', () => {
  const accepted: readonly [string, TenantPolicy, (p: ReturnType<typeof composePolicy>) => void][] = [
    [
      'a shorter daily total',
      { dailyLimitMinutes: { age_12_16: 45, age_16_18: 90 } },
      (p) => assert.deepEqual(p.dailyLimitSeconds, { value: 2700, rule: 'daily_total', layer: 'tenant' }),
    ],
    ['a longer curfew', { curfew: { start: '21:00', end: '07:00' } }, (p) => assert.equal(p.curfew.layer, 'tenant')],
    ['a shorter rest interval', { restReminderMinutes: 20 }, (p) => assert.equal(p.restReminderSeconds.value, 1200)],
    [
      'lower caps',
      { topupPerPaymentFen: { age_12_16: 3000 }, topupPerMonthFen: { age_12_16: 10000, age_3_8: 0 } },
      (p) => {
        assert.deepEqual(p.topupPerPaymentFen, { value: 3000, rule: 'game_topup', layer: 'tenant' });
        assert.equal(p.topupPerMonthFen.value, 10000);
      },
    ],
    [
      'external links refused',
      { features: { external_link: 'deny', tipping: 'deny' } },
      (p) => assert.deepEqual(p.features.external_link, { value: 'deny', rule: 'external_link', layer: 'tenant' }),
    ],
    [
      'registered education services',
      { educationApps: ['maths'] },
      (p) => assert.deepEqual(p.exemptApps.value, [{ appId: 'maths', kind: 'education' }]),
    ],
  ];
  for (const [name, tenant, check] of accepted) {
    test(`accepted: ${name}`, () => {
      validateTenantPolicy(tenant);
      check(composePolicy('age_12_16', tenant));
    });
  }

  const refused: readonly [string, TenantPolicy, string[]][] = [
    ['a longer daily total', { dailyLimitMinutes: { age_12_16: 61 } }, ['daily_total']],
    ['a longer daily total for 16–18', { dailyLimitMinutes: { age_16_18: 121 } }, ['daily_total']],
    ['a curfew starting later', { curfew: { start: '22:30', end: '06:00' } }, ['curfew']],
    ['a curfew ending earlier', { curfew: { start: '22:00', end: '05:59' } }, ['curfew']],
    ['a longer rest interval', { restReminderMinutes: 31 }, ['rest_reminder']],
    ['a higher per-payment cap', { topupPerPaymentFen: { age_8_12: 5001 } }, ['game_topup']],
    ['a higher monthly cap for 16–18', { topupPerMonthFen: { age_16_18: 40001 } }, ['game_topup']],
    ['top-ups under 8', { topupPerPaymentFen: { age_3_8: 100 } }, ['game_topup']],
    ['tipping allowed', { features: { tipping: 'allow' } }, ['live_tipping']],
    ['hosting on request for everyone', { features: { hosting: 'needs_guardian' } }, ['live_hosting']],
    ["strangers' messages on by default", { features: { stranger_dm: 'allow' } }, ['stranger_messages']],
    [
      'several at once, each named',
      {
        dailyLimitMinutes: { age_12_16: 90 },
        features: { tipping: 'allow' },
        curfew: { start: '23:00', end: '06:00' },
      },
      ['curfew', 'daily_total', 'live_tipping'],
    ],
  ];
  for (const [name, tenant, rules] of refused) {
    test(`refused: ${name}`, () => {
      assert.deepEqual(
        refusal(() => validateTenantPolicy(tenant)),
        { code: 'policy_looser_than_law', rules },
      );
      assert.deepEqual(
        refusal(() => composePolicy('age_12_16', tenant)),
        { code: 'policy_looser_than_law', rules },
      );
    });
  }

  test('malformed values are validation errors', () => {
    const bad = { dailyLimitMinutes: { age_12_16: -5 }, curfew: { start: '25:00', end: '06:00' } } as TenantPolicy;
    assert.deepEqual(
      refusal(() => validateTenantPolicy(bad)),
      {
        code: 'validation_failed',
        rules: ['curfew', 'daily_total'],
      },
    );
  });
});

describe('a guardian moves within legal bounds', () => {
  const accepted: readonly [string, AgeBand, GuardianSettings, TenantPolicy?][] = [
    ['a higher daily total', 'age_12_16', { dailyLimitMinutes: 120 }],
    ['the highest daily total', 'age_12_16', { dailyLimitMinutes: GUARDIAN_BOUNDS.maxDailyMinutes }],
    ['no time at all', 'age_8_12', { dailyLimitMinutes: 0 }],
    ['a longer curfew', 'age_12_16', { curfew: { start: '20:30', end: '07:30' } }],
    ['hosting consent at 16–18', 'age_16_18', { features: { hosting: 'allow' } }],
    ["strangers' messages on", 'age_12_16', { features: { stranger_dm: 'allow' } }],
    ['lower caps', 'age_16_18', { topupPerPaymentFen: 0, topupPerMonthFen: 10000 }],
    ['younger content', 'age_12_16', { contentBand: 'age_3_8' }],
    ['an approval threshold', 'age_12_16', { purchaseApprovalOverFen: 0 }],
    [
      'a schedule',
      'age_12_16',
      { schedule: { sat: { dailyLimitMinutes: 180, windows: [{ start: '09:00', end: '12:00' }] } } },
    ],
    [
      "a daily total above the tenant's default",
      'age_12_16',
      { dailyLimitMinutes: 90 },
      { dailyLimitMinutes: { age_12_16: 45 } },
    ],
  ];
  for (const [name, band, settings, tenant] of accepted) {
    test(`accepted: ${name}`, () => {
      validateGuardianSettings(band, settings, tenant);
      const p = composePolicy(band, tenant, settings);
      if (settings.dailyLimitMinutes !== undefined) {
        assert.deepEqual(p.dailyLimitSeconds, {
          value: settings.dailyLimitMinutes * 60,
          rule: 'daily_total',
          layer: 'guardian',
        });
      }
    });
  }

  const refused: readonly [string, AgeBand, GuardianSettings, string[], TenantPolicy?][] = [
    [
      'a daily total past the bound',
      'age_12_16',
      { dailyLimitMinutes: GUARDIAN_BOUNDS.maxDailyMinutes + 1 },
      ['daily_total'],
    ],
    ['a weekday total past the bound', 'age_12_16', { schedule: { sun: { dailyLimitMinutes: 300 } } }, ['daily_total']],
    ['tipping', 'age_16_18', { features: { tipping: 'allow' } }, ['live_tipping']],
    ['tipping on request', 'age_16_18', { features: { tipping: 'needs_guardian' } }, ['live_tipping']],
    ['hosting under 16', 'age_12_16', { features: { hosting: 'allow' } }, ['live_hosting']],
    ['hosting on request under 16', 'age_12_16', { features: { hosting: 'needs_guardian' } }, ['live_hosting']],
    ['a curfew starting at 22:01', 'age_12_16', { curfew: { start: '22:01', end: '06:00' } }, ['curfew']],
    ['a curfew ending at 05:59', 'age_16_18', { curfew: { start: '22:00', end: '05:59' } }, ['curfew']],
    ['a curfew from noon to noon (none at all)', 'age_12_16', { curfew: { start: '12:00', end: '12:00' } }, ['curfew']],
    ['a higher per-payment cap', 'age_12_16', { topupPerPaymentFen: 5001 }, ['game_topup']],
    ['a higher monthly cap', 'age_16_18', { topupPerMonthFen: 40001 }, ['game_topup']],
    ['top-ups under 8', 'age_3_8', { topupPerPaymentFen: 100 }, ['game_topup']],
    ['older content', 'age_12_16', { contentBand: 'age_16_18' }, ['content_age_band']],
    ['adult content', 'age_16_18', { contentBand: 'adult' }, ['content_age_band']],
    ['a longer rest interval', 'age_12_16', { restReminderMinutes: 45 }, ['rest_reminder']],
    ['no approval under 8', 'age_3_8', { purchaseApprovalOverFen: null }, ['purchase_approval']],
    ['a threshold under 8', 'age_3_8', { purchaseApprovalOverFen: 500 }, ['purchase_approval']],
    [
      "a curfew shorter than the tenant's",
      'age_12_16',
      { curfew: { start: '21:30', end: '06:00' } },
      ['curfew'],
      { curfew: { start: '21:00', end: '06:00' } },
    ],
    [
      "a cap above the tenant's",
      'age_12_16',
      { topupPerMonthFen: 15000 },
      ['game_topup'],
      { topupPerMonthFen: { age_12_16: 10000 } },
    ],
    [
      'a feature the tenant refuses',
      'age_12_16',
      { features: { external_link: 'allow' } },
      ['external_link'],
      { features: { external_link: 'deny' } },
    ],
    [
      'a rest interval longer than the tenant’s',
      'age_12_16',
      { restReminderMinutes: 25 },
      ['rest_reminder'],
      { restReminderMinutes: 20 },
    ],
  ];
  for (const [name, band, settings, rules, tenant] of refused) {
    test(`refused: ${name}`, () => {
      assert.deepEqual(
        refusal(() => validateGuardianSettings(band, settings, tenant)),
        {
          code: 'guardian_setting_out_of_bounds',
          rules,
        },
      );
    });
  }

  test('every bound crossed at once is reported at once', () => {
    const settings: GuardianSettings = {
      dailyLimitMinutes: 1000,
      features: { tipping: 'allow', hosting: 'allow' },
      contentBand: 'adult',
      topupPerPaymentFen: 999_999,
    };
    assert.deepEqual(
      refusal(() => validateGuardianSettings('age_12_16', settings)),
      {
        code: 'guardian_setting_out_of_bounds',
        rules: ['content_age_band', 'daily_total', 'game_topup', 'live_hosting', 'live_tipping'],
      },
    );
  });

  test('malformed settings are validation errors', () => {
    const cases: readonly GuardianSettings[] = [
      { dailyLimitMinutes: 12.5 },
      { schedule: { sat: { windows: [{ start: '18:00', end: '09:00' }] } } },
      { schedule: { sat: { windows: [{ start: '9:00', end: '10:00' }] } } },
      { schedule: { someday: {} } } as unknown as GuardianSettings,
      { features: { tipping: 'maybe' } } as unknown as GuardianSettings,
      { topupPerMonthFen: -1 },
      { exemptApps: [''] },
    ];
    for (const settings of cases) {
      assert.equal(refusal(() => validateGuardianSettings('age_12_16', settings)).code, 'validation_failed');
    }
  });

  test("a guardian's setting is told apart from the default", () => {
    const p = composePolicy('age_12_16', {}, { features: { stranger_dm: 'allow' }, exemptApps: ['dictionary'] });
    assert.equal(p.features.stranger_dm.layer, 'guardian');
    assert.equal(p.features.external_link.layer, 'default');
    assert.deepEqual(p.exemptApps, {
      value: [{ appId: 'dictionary', kind: 'guardian_app' }],
      rule: 'exemption',
      layer: 'guardian',
    });
  });
});
