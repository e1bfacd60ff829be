import { addDays, dayKeyOf, instantOf, weekdayOf, WEEKDAYS } from '../../policy/index.js';
import { requireBinding } from './guardian-bindings.js';
import { minorRowById, parseJson, type Db } from './youth-core.js';
import { listMinorRequests, type YouthRequest } from './youth-requests.js';
import { usageByDay } from './youth-usage.js';

/** A week of a minor's activity, for the guardian's weekly report. */
export interface WeeklyReport {
  readonly minorId: string;
  /** The Monday the week starts on (Asia/Shanghai), `YYYY-MM-DD`. */
  readonly weekStart: string;
  /** Seven days, Monday first: device-wide seconds used and extra seconds granted. */
  readonly days: readonly { readonly dayKey: string; readonly usedSeconds: number; readonly extraSeconds: number }[];
  readonly totalSeconds: number;
  /** Blocked content by category, from the decision log (texts by the minor or aimed at the minor). */
  readonly blockedByCategory: Readonly<Record<string, number>>;
  readonly requests: readonly YouthRequest[];
}

/** The Monday of the Asia/Shanghai week that contains `now`. */
export function weekStartOf(now: number): string {
  const date = new Date(now);
  return addDays(dayKeyOf(date), -WEEKDAYS.indexOf(weekdayOf(date)));
}

/**
 * The weekly report of a minor the guardian is bound to (`not_found` otherwise): time per day, blocked content by
 * category (decisions whose author or target is the minor's ref, action `block`), and the week's requests and answers.
 */
export async function weeklyReport(
  db: Db,
  input: { readonly guardianId: string; readonly minorId: string; readonly weekStart?: string | undefined },
  now: number,
): Promise<WeeklyReport> {
  await requireBinding(db, input.guardianId, input.minorId);
  const minor = await minorRowById(db, input.minorId);
  const weekStart =
    input.weekStart === undefined ? weekStartOf(now) : weekStartOf(instantOf(input.weekStart).getTime());
  const dayKeys = WEEKDAYS.map((_, i) => addDays(weekStart, i));
  const from = instantOf(weekStart).getTime();
  const to = instantOf(addDays(weekStart, 7)).getTime();
  const days = await usageByDay(db, minor.id, dayKeys);
  const blocked = await db
    .selectFrom('decisions')
    .select('categories')
    .where('tenantId', '=', minor.tenantId)
    .where('action', '=', 'block')
    .where('createdAt', '>=', from)
    .where('createdAt', '<', to)
    .where((eb) => eb.or([eb('userRef', '=', minor.minorRef), eb('targetRef', '=', minor.minorRef)]))
    .execute();
  const blockedByCategory: Record<string, number> = {};
  for (const row of blocked) {
    for (const category of parseJson<string[]>(row.categories, [])) {
      blockedByCategory[category] = (blockedByCategory[category] ?? 0) + 1;
    }
  }
  return {
    minorId: minor.id,
    weekStart,
    days,
    totalSeconds: days.reduce((sum, d) => sum + d.usedSeconds, 0),
    blockedByCategory,
    requests: await listMinorRequests(db, minor.id, { from, to }, now),
  };
}
