import type { AgeBand } from './types.js';
import { dayKeyOf, instantOf, parseDayKey } from './time.js';

/** The lowest age (in whole years) of each band, oldest first. */
const BAND_FLOORS: readonly (readonly [number, AgeBand])[] = [
  [18, 'adult'],
  [16, 'age_16_18'],
  [12, 'age_12_16'],
  [8, 'age_8_12'],
  [3, 'age_3_8'],
  [0, 'under_3'],
];

/**
 * Age in whole years on the Asia/Shanghai day of `now`, counted up on the birthday itself. Someone born on 29 February
 * turns a year older on 1 March in a common year.
 *
 * @example
 * ageOn('2010-10-01', new Date('2026-09-30T16:00:00Z')); // 16: it is already 1 October in Shanghai
 */
export function ageOn(birthDate: string, now: Date): number {
  const birth = parseDayKey(birthDate);
  const today = parseDayKey(dayKeyOf(now));
  let age = today.year - birth.year;
  if (today.month < birth.month || (today.month === birth.month && today.day < birth.day)) age -= 1;
  return Math.max(0, age);
}

/** The band of an age in whole years. */
export function bandOfAge(age: number): AgeBand {
  for (const [floor, band] of BAND_FLOORS) if (age >= floor) return band;
  return 'under_3';
}

/**
 * The age band of someone born on `birthDate` (`YYYY-MM-DD`) on the Asia/Shanghai day of `now`; the band changes at
 * midnight in Shanghai on the birthday (lower bounds inclusive).
 *
 * @example
 * bandOf('2010-10-01', new Date('2026-10-01T00:00:00+08:00')); // 'age_16_18'
 */
export function bandOf(birthDate: string, now: Date): AgeBand {
  return bandOfAge(ageOn(birthDate, now));
}

/**
 * When the band of someone born on `birthDate` next changes after `now` (midnight in Shanghai on that birthday), or null
 * for an adult. The store uses it to move a minor to the next band.
 */
export function nextBandChangeAt(birthDate: string, now: Date): Date | null {
  const band = bandOf(birthDate, now);
  if (band === 'adult') return null;
  const birth = parseDayKey(birthDate);
  const floors = BAND_FLOORS.map(([floor]) => floor).sort((a, b) => a - b);
  const age = ageOn(birthDate, now);
  const nextFloor = floors.find((floor) => floor > age);
  if (nextFloor === undefined) return null;
  const year = birth.year + nextFloor;
  // 29 February in a common year: the birthday is counted on 1 March.
  const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
  const [month, day] = birth.month === 2 && birth.day === 29 && !leap ? [3, 1] : [birth.month, birth.day];
  return instantOf(
    `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  );
}
