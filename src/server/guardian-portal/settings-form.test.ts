import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Form } from '../web/index.js';
import { parseSettingsForm, settingsFormValues } from './settings-form.js';

function formOf(fields: Record<string, string>): Form {
  const params = new URLSearchParams(fields);
  return { get: (name) => params.get(name) ?? '', getAll: (name) => params.getAll(name) };
}

test('empty fields mean "use the default" and are left out of the settings', () => {
  assert.deepEqual(parseSettingsForm(formOf({}), 'zh'), { ok: true, settings: {} });
});

test('a filled form becomes guardian settings, yuan in fen, apps deduplicated', () => {
  const parsed = parseSettingsForm(
    formOf({
      dailyLimitMinutes: '45',
      schedule_sat_limit: '90',
      schedule_sat_start: '09:00',
      schedule_sat_end: '20:00',
      curfewStart: '21:00',
      feature_stranger_dm: 'deny',
      contentBand: 'age_8_12',
      topupPerPayment: '19.9',
      purchaseApprovalOver: '0',
      exemptApps: 'edu.math\nedu.math, edu.words',
    }),
    'zh',
  );
  assert.deepEqual(parsed, {
    ok: true,
    settings: {
      dailyLimitMinutes: 45,
      schedule: { sat: { dailyLimitMinutes: 90, windows: [{ start: '09:00', end: '20:00' }] } },
      curfew: { start: '21:00', end: '06:00' },
      features: { stranger_dm: 'deny' },
      contentBand: 'age_8_12',
      topupPerPaymentFen: 1990,
      purchaseApprovalOverFen: 0,
      exemptApps: ['edu.math', 'edu.words'],
    },
  });
  if (parsed.ok) {
    const values = settingsFormValues(parsed.settings);
    assert.equal(values['topupPerPayment'], '19.9');
    assert.equal(values['schedule_sat_start'], '09:00');
    assert.equal(values['exemptApps'], 'edu.math\nedu.words');
  }
});

test('every malformed field is reported at once, in the page language', () => {
  const parsed = parseSettingsForm(
    formOf({
      dailyLimitMinutes: 'an hour',
      schedule_mon_start: '25:00',
      schedule_tue_start: '08:00',
      feature_tipping: 'sometimes',
      topupPerPayment: '1,000',
      exemptApps: 'bad app!',
    }),
    'en',
  );
  assert.equal(parsed.ok, false);
  if (!parsed.ok) {
    assert.deepEqual(
      parsed.problems.map((p) => p.path),
      ['dailyLimitMinutes', 'schedule_mon_start', 'schedule.tue', 'features.tipping', 'topupPerPayment', 'exemptApps'],
    );
    assert.match(parsed.problems[0]?.message ?? '', /whole number of minutes/);
    assert.match(parsed.problems[2]?.message ?? '', /needs both a start and an end/);
  }
});
