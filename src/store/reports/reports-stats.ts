import type { Kysely } from 'kysely';
import { CASE_STATUSES, MODERATION_ACTIONS, PRIORITIES, REPORT_CHANNELS, type CaseStatus } from './cases-model.js';
import type { Database } from '../schema.js';

/** Statistics of the reporting channel over a time range, for the statistics page and the compliance dashboard. */
export interface ReportStats {
  readonly from: number;
  readonly to: number;
  readonly reports: {
    readonly total: number;
    /** Reports received in the range, by category (only categories with reports). */
    readonly byCategory: Readonly<Record<string, number>>;
    readonly byChannel: Readonly<Record<string, number>>;
    readonly byReporterRole: Readonly<Record<string, number>>;
    readonly minorInvolved: number;
  };
  readonly cases: {
    /** Cases opened in the range. */
    readonly opened: number;
    /** Those cases by their status now: the outcomes. */
    readonly byStatus: Readonly<Record<CaseStatus, number>>;
  };
  /** Moderation actions taken in the range, by action, and how many were reversed (in any range). */
  readonly actions: Readonly<Record<string, number>> & { readonly reversed: number };
  /** From a case's opening to its first action, over cases opened in the range that have had one. */
  readonly timeToFirstAction: {
    readonly count: number;
    readonly p50Ms: number | null;
    readonly p90Ms: number | null;
  };
  /** Cases opened in the range that missed their SLA (judged at `now`), all and by priority. */
  readonly slaBreaches: { readonly total: number; readonly byPriority: Readonly<Record<string, number>> };
  readonly appeals: number;
}

/** The value at quantile q of sorted numbers (nearest rank), or null for none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

/**
 * Statistics over `[from, to)`: reports by category, channel and reporter role; case outcomes; actions; time to first action
 * (p50, p90); SLA breaches judged at `now`; appeals. `tenantId` undefined means every tenant.
 */
export async function reportStats(
  db: Kysely<Database>,
  query: { readonly tenantId: string | undefined; readonly from: number; readonly to: number; readonly now: number },
): Promise<ReportStats> {
  const { from, to, now } = query;
  let reports = db
    .selectFrom('reports')
    .select(['category', 'channel', 'reporterRole', 'minorInvolved'])
    .where('createdAt', '>=', from)
    .where('createdAt', '<', to);
  if (query.tenantId !== undefined) reports = reports.where('tenantId', '=', query.tenantId);
  const reportRows = await reports.execute();
  const count = (values: readonly string[], seed: readonly string[] = []): Record<string, number> => {
    const out: Record<string, number> = Object.fromEntries(seed.map((k) => [k, 0]));
    for (const v of values) out[v] = (out[v] ?? 0) + 1;
    return out;
  };

  let cases = db
    .selectFrom('cases')
    .select(['status', 'priority', 'openedAt', 'firstActionAt', 'slaBreached', 'dueAt'])
    .where('openedAt', '>=', from)
    .where('openedAt', '<', to);
  if (query.tenantId !== undefined) cases = cases.where('tenantId', '=', query.tenantId);
  const caseRows = await cases.execute();
  const firstAction = caseRows
    .filter((c) => c.firstActionAt !== null)
    .map((c) => Number(c.firstActionAt) - Number(c.openedAt))
    .sort((a, b) => a - b);
  const breached = caseRows.filter((c) => c.slaBreached === 1 || (c.dueAt !== null && now > Number(c.dueAt)));

  let events = db
    .selectFrom('caseEvents')
    .select(['type', 'payload'])
    .where('type', 'in', ['action', 'reversal', 'appeal'])
    .where('createdAt', '>=', from)
    .where('createdAt', '<', to);
  if (query.tenantId !== undefined) events = events.where('tenantId', '=', query.tenantId);
  const eventRows = await events.execute();
  const actions = count(
    eventRows.filter((e) => e.type === 'action').map((e) => (JSON.parse(e.payload) as { action: string }).action),
    MODERATION_ACTIONS,
  );

  return {
    from,
    to,
    reports: {
      total: reportRows.length,
      byCategory: count(reportRows.map((r) => r.category)),
      byChannel: count(
        reportRows.map((r) => r.channel),
        REPORT_CHANNELS,
      ),
      byReporterRole: count(reportRows.map((r) => r.reporterRole)),
      minorInvolved: reportRows.filter((r) => r.minorInvolved === 1).length,
    },
    cases: {
      opened: caseRows.length,
      byStatus: count(
        caseRows.map((c) => c.status),
        CASE_STATUSES,
      ) as Record<CaseStatus, number>,
    },
    actions: { ...actions, reversed: eventRows.filter((e) => e.type === 'reversal').length },
    timeToFirstAction: {
      count: firstAction.length,
      p50Ms: quantile(firstAction, 0.5),
      p90Ms: quantile(firstAction, 0.9),
    },
    slaBreaches: {
      total: breached.length,
      byPriority: count(
        breached.map((c) => PRIORITIES[c.priority]!),
        PRIORITIES,
      ),
    },
    appeals: eventRows.filter((e) => e.type === 'appeal').length,
  };
}
