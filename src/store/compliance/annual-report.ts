import type { Kysely } from 'kysely';
import { ACTIONS, AGE_BANDS, VARIANT_KINDS } from '../../engine/index.js';
import { AppError } from '../../lib/index.js';
import { poolCoverage } from '../../policy/index.js';
import { listActivePoolItems } from '../pool/index.js';
import { reportStats } from '../reports/reports-stats.js';
import type { Database } from '../schema.js';
import { INCIDENT_GRADES, INCIDENT_STEPS, listIncidents, type Incident } from './incidents.js';
import { computePrivacyFigures } from './privacy-figures.js';

/** Asia/Shanghai is UTC+8 all year (no daylight saving): a calendar year there starts at 16:00 UTC the day before. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const HOUR = 3_600_000;
/** Decision-log rows read at a time: a year of a busy tenant is read page by page, never at once. */
const PAGE = 5000;

/** The first and last years a report may be asked for. */
export const REPORT_YEARS = { first: 2020, last: 2100 } as const;

/** The instants [from, to) of a calendar year in Asia/Shanghai. */
export function yearPeriod(year: number): { from: number; to: number } {
  if (!Number.isInteger(year) || year < REPORT_YEARS.first || year > REPORT_YEARS.last)
    throw new AppError(
      'validation_failed',
      `The year must be a whole year from ${REPORT_YEARS.first} to ${REPORT_YEARS.last}.`,
      [{ path: 'year', message: 'year_invalid' }],
    );
  return { from: Date.UTC(year, 0, 1) - SHANGHAI_OFFSET_MS, to: Date.UTC(year + 1, 0, 1) - SHANGHAI_OFFSET_MS };
}

const tally = (seed: readonly string[] = []): Record<string, number> => Object.fromEntries(seed.map((k) => [k, 0]));
const add = (t: Record<string, number>, key: string, n = 1): void => {
  t[key] = (t[key] ?? 0) + n;
};
const hours = (ms: number | null): number | null => (ms === null ? null : Math.round((ms / HOUR) * 10) / 10);

export interface YouthFigures {
  /** Minors registered by the end of the period, and how many of them are in youth mode. */
  readonly registered: number;
  readonly inYouthMode: number;
  readonly newInPeriod: number;
  readonly byBand: Readonly<Record<string, number>>;
  /** Minors with any counted use on a day of the period, those days, and the time counted. */
  readonly activeMinors: number;
  readonly activeDays: number;
  readonly usageHours: number;
  readonly averageMinutesPerActiveDay: number | null;
}

export interface InterceptFigures {
  readonly moderated: number;
  readonly byAction: Readonly<Record<string, number>>;
  /** Flagged decisions (review or block), all and for a minor's age band. */
  readonly flagged: number;
  readonly flaggedForMinors: number;
  /** Flagged decisions by category (a decision with two categories counts in both). */
  readonly byCategory: Readonly<Record<string, number>>;
  /** Flagged decisions by the disguise kind a match needed (a decision counts once per kind); `plain` when none was. */
  readonly byDisguise: Readonly<Record<string, number>>;
}

export interface ReportFigures {
  readonly received: number;
  readonly byCategory: Readonly<Record<string, number>>;
  readonly byChannel: Readonly<Record<string, number>>;
  readonly minorInvolved: number;
  readonly casesOpened: number;
  readonly casesByStatus: Readonly<Record<string, number>>;
  readonly actions: Readonly<Record<string, number>>;
}

export interface SlaFigures {
  readonly casesOpened: number;
  readonly withFirstAction: number;
  readonly firstActionP50Hours: number | null;
  readonly firstActionP90Hours: number | null;
  readonly breaches: number;
  readonly breachesByPriority: Readonly<Record<string, number>>;
}

export interface GuardianFigures {
  /** Distinct guardians bound to a minor of the tenant by the end of the period; bindings made in it; minors with one. */
  readonly guardians: number;
  readonly bindingsInPeriod: number;
  readonly minorsWithGuardian: number;
  readonly alerts: number;
  readonly alertsRead: number;
  readonly alertsByCategory: Readonly<Record<string, number>>;
  /** Children's requests to guardians (more time, a purchase…) made in the period, by status now. */
  readonly requests: number;
  readonly requestsByStatus: Readonly<Record<string, number>>;
}

export interface PoolFigures {
  readonly items: number;
  readonly bands: readonly {
    readonly band: string;
    readonly suitable: number;
    readonly needsReview: number;
    readonly unsuitable: number;
    readonly hours: number;
    readonly missingThemes: number;
    readonly thinThemes: number;
  }[];
}

export interface IncidentFigures {
  readonly total: number;
  readonly byGrade: Readonly<Record<string, number>>;
  readonly minorsAffected: number;
  /** Steps with a deadline: done by it, done after it, still open past it at the time of the report. */
  readonly stepsWithDeadline: number;
  readonly stepsOnTime: number;
  readonly stepsLate: number;
  readonly stepsOverdue: number;
  readonly stepsDone: Readonly<Record<string, number>>;
  readonly list: readonly Incident[];
}

/** A sentence in both languages. */
export interface BilingualText {
  readonly zh: string;
  readonly en: string;
}

/** The audit's personal-information sections, from the privacy module's register and logs. */
export interface PrivacyFigures {
  readonly register: readonly {
    readonly table: string;
    readonly column: string;
    readonly what: BilingualText;
    readonly purpose: BilingualText;
    readonly legalBasis: BilingualText;
    readonly retention: BilingualText;
    readonly sensitive: boolean;
    readonly encrypted: boolean;
  }[];
  readonly consents: readonly {
    readonly purpose: string;
    readonly label: BilingualText;
    readonly granted: number;
    readonly withdrawn: number;
    readonly activeAtEnd: number;
  }[];
  readonly access: {
    readonly total: number;
    readonly actors: number;
    readonly byChannel: Readonly<Record<string, number>>;
    readonly byAction: Readonly<Record<string, number>>;
    readonly chain: { readonly ok: boolean; readonly records: number; readonly problems: number };
  };
  /** The days within which the platform commits to complete a request. */
  readonly rightsDeadlineDays: number;
  readonly rights: readonly {
    readonly kind: string;
    readonly received: number;
    readonly completed: number;
    readonly withinDeadline: number;
    readonly medianHours: number | null;
  }[];
  /** Purge runs are the deployment's, not one tenant's. */
  readonly retention: { readonly runs: number; readonly failed: number; readonly removed: number };
}

/** Everything of the annual reports. */
export interface ComplianceFigures {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly year: number;
  readonly period: { readonly from: number; readonly to: number; readonly timeZone: 'Asia/Shanghai' };
  readonly generatedAt: number;
  readonly youth: YouthFigures;
  readonly intercepted: InterceptFigures;
  readonly reports: ReportFigures;
  readonly sla: SlaFigures;
  readonly guardians: GuardianFigures;
  readonly pool: PoolFigures;
  readonly incidents: IncidentFigures;
  readonly privacy: PrivacyFigures;
}

async function youthFigures(
  db: Kysely<Database>,
  tenantId: string,
  year: number,
  to: number,
  from: number,
): Promise<YouthFigures> {
  const minors = await db
    .selectFrom('youthMinors')
    .select(['id', 'youthMode', 'band', 'createdAt'])
    .where('tenantId', '=', tenantId)
    .where('createdAt', '<', to)
    .execute();
  const byBand = tally(AGE_BANDS);
  for (const m of minors) add(byBand, m.band);
  const days = await db
    .selectFrom('youthUsageDays as u')
    .innerJoin('youthMinors as m', 'm.id', 'u.minorId')
    .select(['u.minorId', 'u.usedSeconds'])
    .where('m.tenantId', '=', tenantId)
    .where('u.dayKey', '>=', `${year}-01-01`)
    .where('u.dayKey', '<=', `${year}-12-31`)
    .where('u.usedSeconds', '>', 0)
    .execute();
  const seconds = days.reduce((s, d) => s + Number(d.usedSeconds), 0);
  return {
    registered: minors.length,
    inYouthMode: minors.filter((m) => Number(m.youthMode) === 1).length,
    newInPeriod: minors.filter((m) => Number(m.createdAt) >= from).length,
    byBand,
    activeMinors: new Set(days.map((d) => d.minorId)).size,
    activeDays: days.length,
    usageHours: Math.round((seconds / 3600) * 10) / 10,
    averageMinutesPerActiveDay: days.length === 0 ? null : Math.round((seconds / 60 / days.length) * 10) / 10,
  };
}

async function interceptFigures(
  db: Kysely<Database>,
  tenantId: string,
  from: number,
  to: number,
): Promise<InterceptFigures> {
  const byAction = tally(ACTIONS);
  const byCategory: Record<string, number> = {};
  const byDisguise = tally([...VARIANT_KINDS, 'plain']);
  let moderated = 0;
  let flagged = 0;
  let flaggedForMinors = 0;
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('decisions')
      .select(['id', 'action', 'flagged', 'ageBand', 'categories', 'matches'])
      .where('tenantId', '=', tenantId)
      .where('createdAt', '>=', from)
      .where('createdAt', '<', to)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    for (const r of rows) {
      moderated++;
      add(byAction, r.action);
      if (Number(r.flagged) !== 1) continue;
      flagged++;
      if (r.ageBand !== 'adult') flaggedForMinors++;
      for (const c of JSON.parse(r.categories) as string[]) add(byCategory, c);
      const kinds = new Set<string>();
      for (const m of JSON.parse(r.matches) as { via?: string[] }[]) for (const v of m.via ?? []) kinds.add(v);
      if (kinds.size === 0) add(byDisguise, 'plain');
      for (const k of kinds) add(byDisguise, k);
    }
    if (rows.length < PAGE) break;
    after = Number(rows[rows.length - 1]!.id);
  }
  return { moderated, byAction, flagged, flaggedForMinors, byCategory, byDisguise };
}

async function guardianFigures(
  db: Kysely<Database>,
  tenantId: string,
  from: number,
  to: number,
): Promise<GuardianFigures> {
  const bindings = await db
    .selectFrom('guardianBindings as b')
    .innerJoin('youthMinors as m', 'm.id', 'b.minorId')
    .select(['b.guardianId', 'b.minorId', 'b.createdAt'])
    .where('m.tenantId', '=', tenantId)
    .where('b.createdAt', '<', to)
    .execute();
  const alerts = await db
    .selectFrom('guardianAlerts')
    .select(['categories', 'readAt'])
    .where('tenantId', '=', tenantId)
    .where('createdAt', '>=', from)
    .where('createdAt', '<', to)
    .execute();
  const alertsByCategory: Record<string, number> = {};
  for (const a of alerts) for (const c of JSON.parse(a.categories) as string[]) add(alertsByCategory, c);
  const requests = await db
    .selectFrom('youthRequests')
    .select('status')
    .where('tenantId', '=', tenantId)
    .where('createdAt', '>=', from)
    .where('createdAt', '<', to)
    .execute();
  const requestsByStatus: Record<string, number> = {};
  for (const r of requests) add(requestsByStatus, r.status);
  return {
    guardians: new Set(bindings.map((b) => b.guardianId)).size,
    bindingsInPeriod: bindings.filter((b) => Number(b.createdAt) >= from).length,
    minorsWithGuardian: new Set(bindings.map((b) => b.minorId)).size,
    alerts: alerts.length,
    alertsRead: alerts.filter((a) => a.readAt !== null).length,
    alertsByCategory,
    requests: requests.length,
    requestsByStatus,
  };
}

function incidentFigures(list: readonly Incident[], now: number): IncidentFigures {
  const byGrade = tally(INCIDENT_GRADES);
  const stepsDone = tally(INCIDENT_STEPS);
  let stepsWithDeadline = 0;
  let stepsOnTime = 0;
  let stepsLate = 0;
  let stepsOverdue = 0;
  for (const i of list) {
    add(byGrade, i.grade);
    for (const s of i.steps) {
      if (s.doneAt !== null) add(stepsDone, s.step);
      if (s.dueAt === null) continue;
      stepsWithDeadline++;
      if (s.doneAt !== null && s.doneAt <= s.dueAt) stepsOnTime++;
      else if (s.doneAt !== null) stepsLate++;
      else if (now > s.dueAt) stepsOverdue++;
    }
  }
  return {
    total: list.length,
    byGrade,
    minorsAffected: list.reduce((n, i) => n + i.minorsAffected, 0),
    stepsWithDeadline,
    stepsOnTime,
    stepsLate,
    stepsOverdue,
    stepsDone,
    list,
  };
}

/**
 * The figures of a tenant's annual reports for a calendar year in Asia/Shanghai, each computed from the store's own logs:
 * youth-mode registrations and counted use, the decision log (moderated, intercepted by category and disguise kind), reports
 * and cases with their SLA, guardians' bindings, alerts and requests, the content pool as it stands, and the incident
 * register. `now` judges what is overdue. `not_found` for an unknown tenant; `validation_failed` for a year out of range.
 */
export async function computeComplianceFigures(
  db: Kysely<Database>,
  query: { readonly tenantId: string; readonly year: number; readonly now: number },
): Promise<ComplianceFigures> {
  const { tenantId, year, now } = query;
  const { from, to } = yearPeriod(year);
  const tenant = await db.selectFrom('tenants').select(['id', 'name']).where('id', '=', tenantId).executeTakeFirst();
  if (tenant === undefined) throw new AppError('not_found', `No tenant ${tenantId}.`);
  const stats = await reportStats(db, { tenantId, from, to, now });
  const coverage = poolCoverage(await listActivePoolItems(db, tenantId), now);
  return {
    tenantId,
    tenantName: tenant.name,
    year,
    period: { from, to, timeZone: 'Asia/Shanghai' },
    generatedAt: now,
    youth: await youthFigures(db, tenantId, year, to, from),
    intercepted: await interceptFigures(db, tenantId, from, to),
    reports: {
      received: stats.reports.total,
      byCategory: stats.reports.byCategory,
      byChannel: stats.reports.byChannel,
      minorInvolved: stats.reports.minorInvolved,
      casesOpened: stats.cases.opened,
      casesByStatus: stats.cases.byStatus,
      actions: Object.fromEntries(Object.entries(stats.actions)),
    },
    sla: {
      casesOpened: stats.cases.opened,
      withFirstAction: stats.timeToFirstAction.count,
      firstActionP50Hours: hours(stats.timeToFirstAction.p50Ms),
      firstActionP90Hours: hours(stats.timeToFirstAction.p90Ms),
      breaches: stats.slaBreaches.total,
      breachesByPriority: stats.slaBreaches.byPriority,
    },
    guardians: await guardianFigures(db, tenantId, from, to),
    pool: {
      items: coverage.items,
      bands: coverage.bands.map((b) => ({
        band: b.band,
        suitable: b.suitable,
        needsReview: b.needsReview,
        unsuitable: b.unsuitable,
        hours: b.hours,
        missingThemes: b.gaps.filter((g) => g.level === 'missing').length,
        thinThemes: b.gaps.filter((g) => g.level === 'thin').length,
      })),
    },
    incidents: incidentFigures(await listIncidents(db, tenantId, { from, to }), now),
    privacy: await computePrivacyFigures(db, { tenantId, from, to }),
  };
}
