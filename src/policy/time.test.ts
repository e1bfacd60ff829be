import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ageOn,
  bandOf,
  calendarCoversYear,
  dayKeyOf,
  dayKindOf,
  isGameDay,
  monthKeyOf,
  nextBandChangeAt,
  weekdayOf,
  type AgeBand,
} from './index.js';

/** An instant given on the Asia/Shanghai clock. */
const sh = (local: string): Date => new Date(`${local}+08:00`);

describe('Asia/Shanghai days and months', () => {
  const cases: readonly [string, Date, string, string][] = [
    ['a second before midnight in Shanghai', new Date('2026-10-01T15:59:59Z'), '2026-10-01', '2026-10'],
    ['midnight in Shanghai is 16:00 UTC', new Date('2026-10-01T16:00:00Z'), '2026-10-02', '2026-10'],
    ['the month turns at Shanghai midnight', new Date('2026-10-31T16:00:00Z'), '2026-11-01', '2026-11'],
    ['the year turns at Shanghai midnight', new Date('2026-12-31T16:00:00Z'), '2027-01-01', '2027-01'],
    ['early morning UTC is already afternoon', new Date('2026-02-28T08:00:00Z'), '2026-02-28', '2026-02'],
  ];
  for (const [name, now, day, month] of cases) {
    test(name, () => {
      assert.equal(dayKeyOf(now), day);
      assert.equal(monthKeyOf(now), month);
    });
  }

  test('weekdays follow the Shanghai date', () => {
    assert.equal(weekdayOf(sh('2026-11-26T23:59:59')), 'thu');
    assert.equal(weekdayOf(sh('2026-11-27T00:00:00')), 'fri');
  });
});

describe('age bands change at Shanghai midnight on the birthday', () => {
  const cases: readonly [string, string, Date, number, AgeBand][] = [
    ['a newborn', '2026-11-01', sh('2026-11-28T12:00:00'), 0, 'under_3'],
    ['the day before the third birthday', '2023-11-29', sh('2026-11-28T23:59:59'), 2, 'under_3'],
    ['the third birthday', '2023-11-29', sh('2026-11-29T00:00:00'), 3, 'age_3_8'],
    ['seven', '2019-11-29', sh('2026-11-28T23:59:59'), 6, 'age_3_8'],
    ['the eighth birthday', '2018-11-29', sh('2026-11-29T00:00:00'), 8, 'age_8_12'],
    ['eleven, a second before twelve', '2014-11-29', sh('2026-11-28T23:59:59'), 11, 'age_8_12'],
    ['the twelfth birthday', '2014-11-29', sh('2026-11-29T00:00:00'), 12, 'age_12_16'],
    ['fifteen, a second before sixteen', '2010-10-01', new Date('2026-09-30T15:59:59Z'), 15, 'age_12_16'],
    [
      'the sixteenth birthday, still 30 September in UTC',
      '2010-10-01',
      new Date('2026-09-30T16:00:00Z'),
      16,
      'age_16_18',
    ],
    ['sixteen, a day before seventeen', '2009-11-29', sh('2026-11-28T12:00:00'), 16, 'age_16_18'],
    ['the eighteenth birthday', '2008-11-29', sh('2026-11-29T00:00:00'), 18, 'adult'],
    [
      'born on 29 February: not yet in a common year on 28 February',
      '2012-02-29',
      sh('2027-02-28T23:59:59'),
      14,
      'age_12_16',
    ],
    [
      'born on 29 February: a year older on 1 March of a common year',
      '2012-02-29',
      sh('2027-03-01T00:00:00'),
      15,
      'age_12_16',
    ],
    [
      'born on 29 February: sixteen on 29 February of a leap year',
      '2012-02-29',
      sh('2028-02-29T00:00:00'),
      16,
      'age_16_18',
    ],
  ];
  for (const [name, birth, now, age, band] of cases) {
    test(name, () => {
      assert.equal(ageOn(birth, now), age);
      assert.equal(bandOf(birth, now), band);
    });
  }

  test('the next change of band is the next band birthday, at Shanghai midnight', () => {
    assert.equal(nextBandChangeAt('2010-10-01', sh('2026-06-01T12:00:00'))?.toISOString(), '2026-09-30T16:00:00.000Z');
    assert.equal(nextBandChangeAt('2012-02-29', sh('2026-06-01T12:00:00'))?.toISOString(), '2028-02-28T16:00:00.000Z');
    assert.equal(nextBandChangeAt('2012-02-29', sh('2020-06-01T12:00:00'))?.toISOString(), '2024-02-28T16:00:00.000Z');
    assert.equal(nextBandChangeAt('2016-02-29', sh('2022-06-01T12:00:00'))?.toISOString(), '2024-02-28T16:00:00.000Z');
    assert.equal(nextBandChangeAt('2000-01-01', sh('2026-06-01T12:00:00')), null);
  });

  test('a malformed birth date is a coded error', () => {
    for (const bad of ['2010-02-30', '2010-13-01', '20100101', '']) {
      assert.throws(() => bandOf(bad, sh('2026-06-01T12:00:00')), { code: 'validation_failed' });
    }
  });
});

describe('the holiday calendar', () => {
  const kinds: readonly [string, ReturnType<typeof dayKindOf>][] = [
    ['2026-10-01', 'statutory_holiday'],
    ['2026-10-03', 'statutory_holiday'],
    ['2026-10-07', 'statutory_holiday'],
    ['2026-10-08', 'workday'],
    ['2026-09-20', 'make_up_workday'],
    ['2026-10-10', 'make_up_workday'],
    ['2026-02-17', 'statutory_holiday'],
    ['2026-11-28', 'weekend'],
    ['2026-11-26', 'workday'],
    ['2021-10-09', 'make_up_workday'],
  ];
  for (const [day, kind] of kinds) {
    test(`${day} is a ${kind}`, () => assert.equal(dayKindOf(day), kind));
  }

  const gameDays: readonly [string, Date, boolean][] = [
    ['every day of the 2026 National Day holiday, weekdays too', sh('2026-10-05T20:30:00'), true],
    ['National Day itself, a Thursday', sh('2026-10-01T20:30:00'), true],
    ['a plain Friday', sh('2026-11-27T20:30:00'), true],
    ['a plain Saturday', sh('2026-11-28T20:30:00'), true],
    ['a plain Sunday', sh('2026-11-29T20:30:00'), true],
    ['a plain Thursday', sh('2026-11-26T20:30:00'), false],
    ['a plain Monday', sh('2026-11-30T20:30:00'), false],
    ['the Thursday after National Day', sh('2026-10-08T20:30:00'), false],
    ['a make-up workday on a Saturday (10 Oct 2026)', sh('2026-10-10T20:30:00'), false],
    ['a make-up workday on a Sunday (20 Sep 2026)', sh('2026-09-20T20:30:00'), false],
    ['a make-up workday the operators closed (Sun 29 Sep 2024)', sh('2024-09-29T20:30:00'), false],
    ['Spring Festival 2026, a Tuesday', sh('2026-02-17T20:30:00'), true],
  ];
  for (const [name, at, expected] of gameDays) {
    test(`game day: ${name}`, () => assert.equal(isGameDay(at), expected));
  }

  test('the package covers 2026 and says so for years it does not', () => {
    assert.ok(calendarCoversYear(2026));
    assert.ok(!calendarCoversYear(2099));
  });
});
