const BEIJING_OFFSET_MS = 8 * 60 * 60_000;

/** A time as Beijing time, `YYYY-MM-DD HH:mm` (China keeps no daylight saving, so a fixed offset is exact). */
export function formatTime(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** A `datetime-local` value read as Beijing time; undefined when empty or not a time. */
export function parseLocalTime(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return undefined;
  const ms = Date.parse(`${value}:00+08:00`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A time as a `datetime-local` value in Beijing time. */
export function toLocalTimeValue(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 16);
}
