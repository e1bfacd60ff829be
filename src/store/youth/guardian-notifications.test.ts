import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../../lib/index.js';
import { checkNotifyChoices, quietHoursEnd } from '../index.js';

// Instants given as Beijing wall-clock times (UTC+8).
const at = (local: string): number => Date.parse(`${local}:00+08:00`);

test('quiet hours put off a notification to their end, across midnight too, and never shorten anything', () => {
  const cases = [
    { quiet: { from: '22:00', to: '07:00' }, now: '2026-03-02T23:30', due: '2026-03-03T07:00' },
    { quiet: { from: '22:00', to: '07:00' }, now: '2026-03-03T06:59', due: '2026-03-03T07:00' },
    { quiet: { from: '22:00', to: '07:00' }, now: '2026-03-03T07:00', due: '2026-03-03T07:00' },
    { quiet: { from: '22:00', to: '07:00' }, now: '2026-03-02T21:59', due: '2026-03-02T21:59' },
    { quiet: { from: '12:00', to: '14:00' }, now: '2026-03-02T12:00', due: '2026-03-02T14:00' },
    { quiet: { from: '12:00', to: '14:00' }, now: '2026-03-02T14:30', due: '2026-03-02T14:30' },
    { quiet: { from: '20:00', to: '24:00' }, now: '2026-03-02T23:10', due: '2026-03-03T00:00' },
  ];
  for (const c of cases) {
    assert.equal(
      new Date(quietHoursEnd(c.quiet, at(c.now))).toISOString(),
      new Date(at(c.due)).toISOString(),
      `${c.quiet.from}–${c.quiet.to} at ${c.now}`,
    );
  }
  // Seconds into the minute are kept out of the wait: the end is the minute the quiet hours end.
  assert.equal(quietHoursEnd({ from: '22:00', to: '07:00' }, at('2026-03-03T06:30') + 42_123), at('2026-03-03T07:00'));
  assert.equal(quietHoursEnd(null, 123), 123);
});

test('notification choices are normalized, and every bad one is named with a stable reason', () => {
  assert.deepEqual(
    checkNotifyChoices({
      channels: ['email', 'message', 'email'],
      email: ' Mom@Example.COM ',
      kinds: ['self_harm', 'grooming'],
      quietHours: { from: '22:00', to: '07:00' },
    }),
    {
      channels: ['message', 'email'],
      email: 'mom@example.com',
      kinds: ['grooming', 'self_harm'],
      quietHours: { from: '22:00', to: '07:00' },
    },
  );
  assert.deepEqual(checkNotifyChoices({ channels: [], email: null, kinds: [], quietHours: null }).channels, []);
  const refused = (input: Parameters<typeof checkNotifyChoices>[0]): string[] => {
    try {
      checkNotifyChoices(input);
    } catch (error) {
      assert.ok(isAppError(error) && error.code === 'validation_failed');
      return error.details.map((d) => d.message);
    }
    assert.fail('accepted');
  };
  assert.deepEqual(refused({ channels: ['email'], email: '', kinds: ['fraud'], quietHours: null }), ['email_required']);
  assert.deepEqual(
    refused({ channels: ['pigeon'], email: 'x@', kinds: ['sexual'], quietHours: { from: '25:00', to: '07:00' } }),
    ['channel_unknown', 'kind_unknown', 'email_invalid', 'quiet_hours_invalid'],
  );
  assert.deepEqual(refused({ channels: ['message'], email: null, kinds: [], quietHours: null }), ['kinds_empty']);
  assert.deepEqual(refused({ channels: [], email: null, kinds: [], quietHours: { from: '08:00', to: '08:00' } }), [
    'quiet_hours_invalid',
  ]);
});
