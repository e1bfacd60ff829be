import { AppError } from '../lib/index.js';
import type { ClockTime, Weekday } from './types.js';
import { WEEKDAYS } from './types.js';

// @NOTE Asia/Shanghai is UTC+8 all year (no daylight saving since 1991), so local time is plain arithmetic: no Intl,
// no dependence on the host's time zone or ICU data.
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The parts of an instant on the Asia/Shanghai clock. */
export interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** Seconds since local midnight. */
  readonly secondOfDay: number;
  readonly weekday: Weekday;
}

/** The Asia/Shanghai calendar date and time of day of an instant. */
export function localTimeOf(now: Date): LocalTime {
  const local = new Date(now.getTime() + OFFSET_MS);
  const sinceMonday = (local.getUTCDay() + 6) % 7;
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    secondOfDay: local.getUTCHours() * 3600 + local.getUTCMinutes() * 60 + local.getUTCSeconds(),
    weekday: WEEKDAYS[sinceMonday] ?? 'mon',
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * The Asia/Shanghai date of an instant, `YYYY-MM-DD`: the key of a day's usage.
 *
 * @example
 * dayKeyOf(new Date('2026-10-01T16:00:00Z')); // '2026-10-02' (midnight in Shanghai)
 */
export function dayKeyOf(now: Date): string {
  const t = localTimeOf(now);
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
}

/**
 * The Asia/Shanghai month of an instant, `YYYY-MM`: the key of a month's spending.
 *
 * @example
 * monthKeyOf(new Date('2026-10-31T16:30:00Z')); // '2026-11'
 */
export function monthKeyOf(now: Date): string {
  return dayKeyOf(now).slice(0, 7);
}

/** The Asia/Shanghai weekday of an instant. */
export function weekdayOf(now: Date): Weekday {
  return localTimeOf(now).weekday;
}

/** The instant a given Asia/Shanghai date (`YYYY-MM-DD`) begins, plus `secondOfDay` seconds. */
export function instantOf(dayKey: string, secondOfDay = 0): Date {
  const { year, month, day } = parseDayKey(dayKey);
  return new Date(Date.UTC(year, month - 1, day) - OFFSET_MS + secondOfDay * 1000);
}

/** The Asia/Shanghai date `days` after (or before) the given one. */
export function addDays(dayKey: string, days: number): string {
  return dayKeyOf(new Date(instantOf(dayKey).getTime() + days * DAY_MS));
}

const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Reads a `YYYY-MM-DD` date; a malformed or impossible date is a `validation_failed` error. */
export function parseDayKey(dayKey: string): { year: number; month: number; day: number } {
  const m = DAY_KEY.exec(dayKey);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day) {
      return { year, month, day };
    }
  }
  throw new AppError('validation_failed', `Not a date (YYYY-MM-DD): "${dayKey}".`, [
    { message: 'expected a calendar date YYYY-MM-DD', path: 'date' },
  ]);
}

const CLOCK = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** True when the string is a valid `HH:MM` time of day (00:00–24:00). */
export function isClockTime(value: string): value is ClockTime {
  const m = CLOCK.exec(value);
  return m !== null && (m[1] !== '24' || m[2] === '00');
}

/** Seconds since midnight of an `HH:MM` time; callers validate with `isClockTime` first. */
export function secondsOfClock(time: ClockTime): number {
  const [h, m] = time.split(':');
  return Number(h) * 3600 + Number(m) * 60;
}
