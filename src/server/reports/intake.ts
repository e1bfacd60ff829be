import type { AgeBand, ModerateOptions } from '../../engine/index.js';
import { AppError, isAppError } from '../../lib/index.js';
import {
  createTenant,
  fileReport,
  getTenant,
  listTenants,
  type FiledReport,
  type ReportInput,
  type Screen,
} from '../../store/index.js';
import { refuseBadText } from '../request-body.js';
import type { ServiceDeps } from '../service-deps.js';

/** The age band reported material is screened for: the youth default, as in POST /v1/moderate. */
const SCREEN_AGE_BAND: AgeBand = 'age_12_16';

/**
 * The tenant's serving engine as intake's screen: the verdict (with the tenant's model threshold, as POST /v1/moderate
 * uses it) and the lexicon version that produced it.
 */
export function reportScreen(deps: ServiceDeps, tenantId: string, modelThreshold: number | null = null): Screen {
  const snapshot = deps.engines.forTenant(tenantId);
  const options: ModerateOptions =
    modelThreshold === null ? { ageBand: SCREEN_AGE_BAND } : { ageBand: SCREEN_AGE_BAND, modelThreshold };
  return (text) => ({ verdict: snapshot.engine.moderate(text, options), lexiconVersion: snapshot.version });
}

/**
 * Files a report with the tenant's engine, the configured SLA and the service clock: what both the API and the public form
 * call. The report is committed, with its evidence and its `report.status_changed` webhook event, before this resolves.
 */
export async function fileReportWithEngine(deps: ServiceDeps, input: ReportInput): Promise<FiledReport> {
  // The public form reaches here without the API's body check: no NUL (PostgreSQL cannot store it) nor lone surrogate.
  refuseBadText(input, 'report');
  const filed = await fileReport(deps.store.db, input, {
    now: deps.clock(),
    sla: deps.config.reportSla,
    screen: reportScreen(
      deps,
      input.tenantId,
      (await getTenant(deps.store.db, input.tenantId))?.modelThreshold ?? null,
    ),
  });
  deps.webhooks.wake();
  deps.log.info(
    { report: filed.id, case: filed.caseId, tenant: input.tenantId, channel: input.channel, priority: filed.priority },
    'report filed',
  );
  return filed;
}

/** The tenant a fresh installation files public reports under, so `/report` works right after `npm start`. */
export const DEFAULT_PUBLIC_TENANT = 'default';

/**
 * The tenant public-form reports are filed under: `PUBLIC_REPORT_TENANT`, else the only tenant. On an installation with no
 * tenant yet, one named `default` is created for them (a single platform needs no more); with several tenants and no
 * setting, public reporting is unavailable until one is chosen.
 */
export async function publicReportTenant(deps: ServiceDeps): Promise<string> {
  const configured = deps.config.publicReportTenant;
  const tenants = await listTenants(deps.store.db);
  if (configured !== undefined) {
    if (!tenants.some((t) => t.id === configured)) {
      throw new AppError('unavailable', `PUBLIC_REPORT_TENANT names no tenant: ${configured}.`);
    }
    return configured;
  }
  if (tenants.length === 1) return tenants[0]!.id;
  if (tenants.length === 0) {
    try {
      await createTenant(deps.store.db, { id: DEFAULT_PUBLIC_TENANT, name: '默认 Default' }, deps.clock());
      deps.log.info({ tenant: DEFAULT_PUBLIC_TENANT }, 'created the default tenant for public reports');
    } catch (error) {
      // Two first reports at once: the other one created it.
      if (!(isAppError(error) && error.code === 'conflict')) throw error;
    }
    return DEFAULT_PUBLIC_TENANT;
  }
  throw new AppError('unavailable', 'Several tenants exist: set PUBLIC_REPORT_TENANT to the one public reports go to.');
}

/**
 * Why the public form cannot file reports now, or undefined when it can: several tenants and no PUBLIC_REPORT_TENANT, or
 * a PUBLIC_REPORT_TENANT that names no tenant. Said at start-up, and for the form to say before anyone types a report.
 */
export async function publicReportingProblem(deps: Pick<ServiceDeps, 'config' | 'store'>): Promise<string | undefined> {
  const configured = deps.config.publicReportTenant;
  const tenants = await listTenants(deps.store.db);
  if (configured !== undefined) {
    return tenants.some((t) => t.id === configured)
      ? undefined
      : `PUBLIC_REPORT_TENANT names no tenant: ${configured}.`;
  }
  return tenants.length > 1
    ? 'Several tenants exist and PUBLIC_REPORT_TENANT is not set: the public report form refuses every report.'
    : undefined;
}
