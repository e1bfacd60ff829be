// @NOTE The data of `chinese-days` (MIT, maintained; State Council holiday arrangements 2004–2026) is read directly: the
// package's own functions format dates with the host's local time zone, which shifts days on a server west of UTC.
import calendarData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { dayKeyOf, localTimeOf, parseDayKey } from './time.js';

const holidays: Readonly<Record<string, string>> = calendarData.holidays;
const workdays: Readonly<Record<string, string>> = calendarData.workdays;
const coveredYears: ReadonlySet<number> = new Set(Object.keys(holidays).map((key) => Number(key.slice(0, 4))));

/** The kind of an Asia/Shanghai date in the State Council's arrangement. */
export type DayKind = 'statutory_holiday' | 'make_up_workday' | 'weekend' | 'workday';

/**
 * What kind of day a date (`YYYY-MM-DD`) is: a day off of a statutory holiday (the whole 放假 period, weekend days
 * inside it included), a make-up workday (调休上班), an ordinary weekend or an ordinary workday.
 *
 * @example
 * dayKindOf('2026-10-05'); // 'statutory_holiday'
 * dayKindOf('2026-10-10'); // 'make_up_workday' (a Saturday)
 */
export function dayKindOf(dayKey: string): DayKind {
  if (Object.hasOwn(holidays, dayKey)) return 'statutory_holiday';
  if (Object.hasOwn(workdays, dayKey)) return 'make_up_workday';
  const { year, month, day } = parseDayKey(dayKey);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 || weekday === 6 ? 'weekend' : 'workday';
}

/** True when the calendar package has the State Council's arrangement for that year. */
export function calendarCoversYear(year: number): boolean {
  return coveredYears.has(year);
}

/**
 * True when minors may be offered online games on the Asia/Shanghai day of `now` (in the 20:00–21:00 window).
 *
 * The NPPA notice of 2021 reads: 「所有网络游戏企业仅可在周五、周六、周日和法定节假日每日20时至21时向未成年人提供1小时网络游戏
 * 服务」. It does not mention make-up workdays (调休上班日, which always fall on a Saturday or Sunday). The operators'
 * published calendars since 2021 (Tencent, NetEase) treat such a day as a workday and close games on it, e.g. Saturday
 * 9 October 2021 and Sunday 29 September 2024. We follow that stricter reading: it complies with the notice under either
 * reading, and a make-up workday is a school day. So a game day is a day off of a statutory holiday period (weekend days
 * inside it included) or a Friday, Saturday or Sunday that is not a make-up workday. A year the package does not cover
 * yet has no known holidays or make-up workdays (see `calendarCoversYear`).
 *
 * @example
 * isGameDay(new Date('2026-10-05T12:30:00Z')); // true: National Day holiday (a Monday)
 * isGameDay(new Date('2026-10-10T12:30:00Z')); // false: a Saturday, but a make-up workday
 */
export function isGameDay(now: Date): boolean {
  const local = localTimeOf(now);
  switch (dayKindOf(dayKeyOf(now))) {
    case 'statutory_holiday':
      return true;
    case 'make_up_workday':
      return false;
    case 'weekend':
    case 'workday':
      return local.weekday === 'fri' || local.weekday === 'sat' || local.weekday === 'sun';
  }
}
