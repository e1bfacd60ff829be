import type { Kysely } from 'kysely';
import { AppError } from '../../lib/index.js';
import { computeComplianceFigures, listTenants, type ComplianceFigures, type Database } from '../../store/index.js';
import { renderComplianceHtml } from './report-document.js';
import { printPdf } from './report-pdf.js';

export const REPORT_FORMATS = ['html', 'pdf', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** True when the string is a report format. */
export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** A rendered report: its bytes, media type and a file name to save it under. */
export interface RenderedReport {
  readonly body: string | Uint8Array;
  readonly contentType: string;
  readonly fileName: string;
}

/** The report's figures as JSON: instants as ISO times, everything else as computed. */
export function reportJson(f: ComplianceFigures): unknown {
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    ...f,
    period: { ...f.period, from: iso(f.period.from), to: iso(f.period.to) },
    generatedAt: iso(f.generatedAt),
    incidents: {
      ...f.incidents,
      list: f.incidents.list.map((i) => ({
        ...i,
        discoveredAt: iso(i.discoveredAt),
        createdAt: iso(i.createdAt),
        updatedAt: iso(i.updatedAt),
        closedAt: i.closedAt === null ? null : iso(i.closedAt),
        steps: i.steps.map((s) => ({
          ...s,
          dueAt: s.dueAt === null ? null : iso(s.dueAt),
          doneAt: s.doneAt === null ? null : iso(s.doneAt),
        })),
      })),
    },
  };
}

/**
 * The tenant a report is for: the one named, or the only one there is. `not_found` for an unknown tenant; `validation_failed`
 * when several exist and none is named.
 */
export async function reportTenant(db: Kysely<Database>, asked: string | undefined): Promise<string> {
  const tenants = await listTenants(db);
  if (asked !== undefined) {
    if (!tenants.some((t) => t.id === asked)) throw new AppError('not_found', `No tenant ${asked}.`);
    return asked;
  }
  if (tenants.length === 1) return tenants[0]!.id;
  throw new AppError('validation_failed', 'Name the tenant the report is for (several exist).', [
    { path: 'tenant', message: 'required' },
  ]);
}

/** Computes and renders a tenant's annual report in one format; PDF prints the HTML with headless Chromium. */
export async function renderComplianceReport(
  db: Kysely<Database>,
  query: { readonly tenantId: string; readonly year: number; readonly now: number; readonly format: ReportFormat },
  chromiumPath?: string,
): Promise<RenderedReport> {
  const figures = await computeComplianceFigures(db, query);
  const base = `qinglang-compliance-${query.tenantId}-${query.year}`;
  switch (query.format) {
    case 'json':
      return {
        body: `${JSON.stringify(reportJson(figures), null, 2)}\n`,
        contentType: 'application/json; charset=utf-8',
        fileName: `${base}.json`,
      };
    case 'html':
      return { body: renderComplianceHtml(figures), contentType: 'text/html; charset=utf-8', fileName: `${base}.html` };
    case 'pdf':
      return {
        body: await printPdf(renderComplianceHtml(figures), chromiumPath),
        contentType: 'application/pdf',
        fileName: `${base}.pdf`,
      };
  }
}
