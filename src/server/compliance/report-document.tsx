import type { Child } from 'hono/jsx';
import type { ComplianceFigures } from '../../store/index.js';
import { ageBandLabel, actionLabel, categoryLabel, describeVariant, t, type MessageKey } from '../web/index.js';

/** Beijing time of an instant, `YYYY-MM-DD HH:MM`. */
export function beijingTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** A label in both languages: Chinese, then English beside it. */
function Both(props: { readonly k: MessageKey; readonly params?: Readonly<Record<string, string | number>> }) {
  return (
    <>
      <span lang="zh-CN">{t('zh', props.k, props.params)}</span>{' '}
      <span class="en">{t('en', props.k, props.params)}</span>
    </>
  );
}

const both = (zh: string, en: string): Child => (
  <>
    <span lang="zh-CN">{zh}</span> <span class="en">{en}</span>
  </>
);

function Method(props: { readonly k: MessageKey }) {
  return (
    <p class="method">
      <strong>
        <Both k="cr_method" />
      </strong>
      ：<Both k={props.k} />
    </p>
  );
}

/** A two-column table of figures, one row each: label, number (the `data-figure` attribute names it for checks). */
function Figures(props: { readonly rows: readonly (readonly [string, Child, number | string | null])[] }) {
  return (
    <table class="figures">
      <tbody>
        {props.rows.map(([id, label, value]) => (
          <tr>
            <th>{label}</th>
            <td data-figure={id}>{value === null ? '—' : String(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A count per key, with each key's label in both languages; rows with zero are left out, or a single dash when all are. */
function Counts(props: {
  readonly id: string;
  readonly head: MessageKey;
  readonly counts: Readonly<Record<string, number>>;
  readonly label: (key: string) => Child;
}) {
  const rows = Object.entries(props.counts).filter(([, n]) => n > 0);
  return (
    <table class="counts" id={props.id}>
      <thead>
        <tr>
          <th>
            <Both k={props.head} />
          </th>
          <th>
            <Both k="cr_count" />
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colspan={2}>
              <Both k="cr_none" />
            </td>
          </tr>
        ) : (
          rows.map(([key, n]) => (
            <tr>
              <th>{props.label(key)}</th>
              <td data-figure={`${props.id}.${key}`}>{n}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

const label = (key: string): Child => <Both k={key as MessageKey} />;
const categoryBoth = (id: string): Child =>
  id === 'other' ? label('report_category_other') : both(categoryLabel(id, 'zh'), categoryLabel(id, 'en'));
const disguiseBoth = (id: string): Child => {
  if (id === 'plain') return both('原样出现', 'Written as is');
  const l = describeVariant(id).label;
  return both(l.zh, l.en);
};

const STYLE = `
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #1b2430; font-size: 10.5pt; line-height: 1.5; margin: 0 auto; max-width: 60rem; padding: 1rem; }
h1 { font-size: 17pt; margin: 0 0 .4rem; }
h2 { font-size: 13.5pt; border-bottom: 2px solid #2d6a4f; padding-bottom: .2rem; margin-top: 1.6rem; }
h3 { font-size: 11.5pt; margin: 1.1rem 0 .3rem; break-after: avoid; }
.en { color: #54606e; font-size: .92em; }
.basis, .method { color: #36414d; font-size: 9.5pt; margin: .2rem 0 .5rem; }
table { border-collapse: collapse; margin: .3rem 0 .6rem; break-inside: avoid; }
th, td { border: 1px solid #c9d2dc; padding: .2rem .5rem; text-align: left; vertical-align: top; }
td[data-figure] { text-align: right; font-variant-numeric: tabular-nums; min-width: 4rem; }
thead th { background: #eef3f1; }
table.register { font-size: 8.5pt; width: 100%; }
.meta th { width: 10rem; }
.grid { display: flex; flex-wrap: wrap; gap: 0 1.5rem; }
.missing { background: #fff6e0; border: 1px solid #e8c66c; padding: .4rem .6rem; }
`;

/**
 * The annual compliance report as one printable HTML document (A4, Chinese with English beside it): the Art 37 audit
 * (register, consents, access log, rights requests and their timeliness, retention runs, incidents) and the Art 20 report
 * (youth-mode use, content intercepted by category and disguise, reports and SLA, guardians, the content pool), each
 * section with how it was counted. Every figure cell carries `data-figure` with its name.
 */
export function ComplianceDocument(props: { readonly figures: ComplianceFigures }) {
  const f = props.figures;
  const p = f.privacy;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>
          {t('zh', 'cr_title')} {f.year} · {f.tenantName}
        </title>
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body>
        <h1>
          <Both k="cr_title" /> · {f.year}
        </h1>
        <table class="meta">
          <tbody>
            <tr>
              <th>
                <Both k="cr_tenant" />
              </th>
              <td id="report-tenant">
                {f.tenantName} ({f.tenantId})
              </td>
            </tr>
            <tr>
              <th>
                <Both k="cr_period" />
              </th>
              <td id="report-period">
                <Both k="cr_period_value" params={{ from: beijingTime(f.period.from), to: beijingTime(f.period.to) }} />
              </td>
            </tr>
            <tr>
              <th>
                <Both k="cr_generated" />
              </th>
              <td id="report-generated">{beijingTime(f.generatedAt)}</td>
            </tr>
          </tbody>
        </table>

        <h2 id="part37">
          <Both k="cr_part37" />
        </h2>
        <p class="basis">
          <Both k="cr_part37_basis" />
        </p>
        <>
          <h3>
            <Both k="cr_register" />
          </h3>
          <Method k="cr_register_method" />
          <table class="register" id="register">
            <thead>
              <tr>
                <th>
                  <Both k="cr_register_table" />
                </th>
                <th>
                  <Both k="cr_register_column" />
                </th>
                <th>
                  <Both k="cr_register_purpose" />
                </th>
                <th>
                  <Both k="cr_register_basis" />
                </th>
                <th>
                  <Both k="cr_register_retention" />
                </th>
              </tr>
            </thead>
            <tbody>
              {p.register.map((r) => (
                <tr>
                  <td>{r.table}</td>
                  <td>
                    {r.column}
                    <br />
                    {both(r.what.zh, r.what.en)}
                  </td>
                  <td>{both(r.purpose.zh, r.purpose.en)}</td>
                  <td>{both(r.legalBasis.zh, r.legalBasis.en)}</td>
                  <td>{both(r.retention.zh, r.retention.en)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>
            <Both k="cr_consent" />
          </h3>
          <Method k="cr_consent_method" />
          <table id="consents">
            <thead>
              <tr>
                <th>
                  <Both k="cr_consent_purpose" />
                </th>
                <th>
                  <Both k="cr_consent_granted" />
                </th>
                <th>
                  <Both k="cr_consent_withdrawn" />
                </th>
                <th>
                  <Both k="cr_consent_active" />
                </th>
              </tr>
            </thead>
            <tbody>
              {p.consents.map((c) => (
                <tr>
                  <th>{both(c.label.zh, c.label.en)}</th>
                  <td data-figure={`consents.${c.purpose}.granted`}>{c.granted}</td>
                  <td data-figure={`consents.${c.purpose}.withdrawn`}>{c.withdrawn}</td>
                  <td data-figure={`consents.${c.purpose}.active`}>{c.activeAtEnd}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>
            <Both k="cr_access" />
          </h3>
          <Method k="cr_access_method" />
          <Figures
            rows={[
              ['access.total', label('cr_access_total'), p.access.total],
              ['access.actors', label('cr_access_actors'), p.access.actors],
              [
                'access.chain',
                label('cr_access_chain'),
                p.access.chain.ok
                  ? `${t('zh', 'cr_access_chain_ok', { count: p.access.chain.records })} ${t('en', 'cr_access_chain_ok', { count: p.access.chain.records })}`
                  : `${t('zh', 'cr_access_chain_broken', { count: p.access.chain.problems })} ${t('en', 'cr_access_chain_broken', { count: p.access.chain.problems })}`,
              ],
            ]}
          />
          <div class="grid">
            <Counts id="access-channel" head="cr_channel" counts={p.access.byChannel} label={(k) => k} />
            <Counts id="access-action" head="cr_action" counts={p.access.byAction} label={(k) => k} />
          </div>
          <h3>
            <Both k="cr_rights" />
          </h3>
          <Method k="cr_rights_method" />
          <table id="rights">
            <thead>
              <tr>
                <th>
                  <Both k="cr_rights_kind" />
                </th>
                <th>
                  <Both k="cr_rights_received" />
                </th>
                <th>
                  <Both k="cr_rights_completed" />
                </th>
                <th>
                  <Both k="cr_rights_on_time" />
                </th>
                <th>
                  <Both k="cr_rights_p50" />
                </th>
              </tr>
            </thead>
            <tbody>
              {p.rights.map((r) => (
                <tr>
                  <th>{r.kind}</th>
                  <td data-figure={`rights.${r.kind}.received`}>{r.received}</td>
                  <td data-figure={`rights.${r.kind}.completed`}>{r.completed}</td>
                  <td data-figure={`rights.${r.kind}.onTime`}>{r.withinDeadline}</td>
                  <td data-figure={`rights.${r.kind}.median`}>{r.medianHours ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>
            <Both k="cr_retention" />
          </h3>
          <Method k="cr_retention_method" />
          <Figures
            rows={[
              ['retention.runs', label('cr_retention_runs'), p.retention.runs],
              ['retention.failed', label('cr_retention_failed'), p.retention.failed],
              ['retention.removed', label('cr_retention_removed'), p.retention.removed],
            ]}
          />
        </>
        <h3>
          <Both k="cr_incidents" />
        </h3>
        <Method k="cr_incidents_method" />
        <Figures
          rows={[
            ['incidents.total', label('cr_incidents_total'), f.incidents.total],
            ['incidents.minors', label('cr_incidents_minors'), f.incidents.minorsAffected],
            ['incidents.deadline', label('cr_steps_deadline'), f.incidents.stepsWithDeadline],
            ['incidents.onTime', label('cr_steps_on_time'), f.incidents.stepsOnTime],
            ['incidents.late', label('cr_steps_late'), f.incidents.stepsLate],
            ['incidents.overdue', label('cr_steps_overdue'), f.incidents.stepsOverdue],
          ]}
        />
        <Counts
          id="incidents-grade"
          head="incident_grade"
          counts={f.incidents.byGrade}
          label={(k) => label(`incident_grade_${k}`)}
        />
        {f.incidents.list.length === 0 ? null : (
          <table id="incident-list">
            <thead>
              <tr>
                <th>
                  <Both k="incident_discovered" />
                </th>
                <th>
                  <Both k="incident_title" />
                </th>
                <th>
                  <Both k="incident_grade" />
                </th>
                <th>
                  <Both k="incident_status" />
                </th>
              </tr>
            </thead>
            <tbody>
              {f.incidents.list.map((i) => (
                <tr>
                  <td>{beijingTime(i.discoveredAt)}</td>
                  <td>{i.title}</td>
                  <td>{label(`incident_grade_${i.grade}`)}</td>
                  <td>{label(`incident_status_${i.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <h2 id="part20">
          <Both k="cr_part20" />
        </h2>
        <p class="basis">
          <Both k="cr_part20_basis" />
        </p>
        <h3>
          <Both k="cr_youth" />
        </h3>
        <Method k="cr_youth_method" />
        <Figures
          rows={[
            ['youth.registered', label('cr_youth_registered'), f.youth.registered],
            ['youth.inYouthMode', label('cr_youth_in_mode'), f.youth.inYouthMode],
            ['youth.new', label('cr_youth_new'), f.youth.newInPeriod],
            ['youth.active', label('cr_youth_active'), f.youth.activeMinors],
            ['youth.days', label('cr_youth_days'), f.youth.activeDays],
            ['youth.hours', label('cr_youth_hours'), f.youth.usageHours],
            ['youth.avg', label('cr_youth_avg'), f.youth.averageMinutesPerActiveDay],
          ]}
        />
        <Counts
          id="youth-band"
          head="cr_band"
          counts={f.youth.byBand}
          label={(k) => both(ageBandLabel(k, 'zh'), ageBandLabel(k, 'en'))}
        />
        <h3>
          <Both k="cr_intercepted" />
        </h3>
        <Method k="cr_intercepted_method" />
        <Figures
          rows={[
            ['intercepted.moderated', label('cr_moderated'), f.intercepted.moderated],
            ['intercepted.flagged', label('cr_flagged'), f.intercepted.flagged],
            ['intercepted.flaggedForMinors', label('cr_flagged_minors'), f.intercepted.flaggedForMinors],
          ]}
        />
        <div class="grid">
          <Counts
            id="intercepted-action"
            head="cr_action"
            counts={f.intercepted.byAction}
            label={(k) => both(actionLabel(k, 'zh'), actionLabel(k, 'en'))}
          />
          <Counts id="intercepted-category" head="cr_category" counts={f.intercepted.byCategory} label={categoryBoth} />
          <Counts id="intercepted-disguise" head="cr_disguise" counts={f.intercepted.byDisguise} label={disguiseBoth} />
        </div>
        <h3>
          <Both k="cr_reports" />
        </h3>
        <Method k="cr_reports_method" />
        <Figures
          rows={[
            ['reports.received', label('cr_reports_received'), f.reports.received],
            ['reports.minor', label('cr_reports_minor'), f.reports.minorInvolved],
            ['reports.casesOpened', label('cr_cases_opened'), f.reports.casesOpened],
          ]}
        />
        <div class="grid">
          <Counts id="reports-category" head="cr_category" counts={f.reports.byCategory} label={categoryBoth} />
          <Counts id="reports-channel" head="cr_channel" counts={f.reports.byChannel} label={(k) => k} />
          <Counts id="reports-status" head="cr_status" counts={f.reports.casesByStatus} label={(k) => k} />
        </div>
        <h3>
          <Both k="cr_sla" />
        </h3>
        <Method k="cr_sla_method" />
        <Figures
          rows={[
            ['sla.casesOpened', label('cr_cases_opened'), f.sla.casesOpened],
            ['sla.withFirstAction', label('cr_sla_first_action'), f.sla.withFirstAction],
            ['sla.p50', label('cr_sla_p50'), f.sla.firstActionP50Hours],
            ['sla.p90', label('cr_sla_p90'), f.sla.firstActionP90Hours],
            ['sla.breaches', label('cr_sla_breaches'), f.sla.breaches],
          ]}
        />
        <h3>
          <Both k="cr_guardians" />
        </h3>
        <Method k="cr_guardians_method" />
        <Figures
          rows={[
            ['guardians.bound', label('cr_guardians_bound'), f.guardians.guardians],
            ['guardians.new', label('cr_guardians_new'), f.guardians.bindingsInPeriod],
            ['guardians.minors', label('cr_guardians_minors'), f.guardians.minorsWithGuardian],
            ['guardians.alerts', label('cr_alerts'), f.guardians.alerts],
            ['guardians.alertsRead', label('cr_alerts_read'), f.guardians.alertsRead],
            ['guardians.requests', label('cr_requests'), f.guardians.requests],
          ]}
        />
        <Counts id="alerts-category" head="cr_category" counts={f.guardians.alertsByCategory} label={categoryBoth} />
        <h3>
          <Both k="cr_pool" />
        </h3>
        <Method k="cr_pool_method" />
        <Figures rows={[['pool.items', label('cr_pool_items'), f.pool.items]]} />
        <table id="pool-bands">
          <thead>
            <tr>
              <th>
                <Both k="cr_band" />
              </th>
              <th>
                <Both k="cr_pool_suitable" />
              </th>
              <th>
                <Both k="cr_pool_review" />
              </th>
              <th>
                <Both k="cr_pool_unsuitable" />
              </th>
              <th>
                <Both k="cr_pool_hours" />
              </th>
              <th>
                <Both k="cr_pool_missing" />
              </th>
              <th>
                <Both k="cr_pool_thin" />
              </th>
            </tr>
          </thead>
          <tbody>
            {f.pool.bands.map((b) => (
              <tr>
                <th>{both(ageBandLabel(b.band, 'zh'), ageBandLabel(b.band, 'en'))}</th>
                <td data-figure={`pool.${b.band}.suitable`}>{b.suitable}</td>
                <td data-figure={`pool.${b.band}.review`}>{b.needsReview}</td>
                <td data-figure={`pool.${b.band}.unsuitable`}>{b.unsuitable}</td>
                <td data-figure={`pool.${b.band}.hours`}>{b.hours}</td>
                <td data-figure={`pool.${b.band}.missing`}>{b.missingThemes}</td>
                <td data-figure={`pool.${b.band}.thin`}>{b.thinThemes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </body>
    </html>
  );
}

/** The report as an HTML document string. */
export function renderComplianceHtml(figures: ComplianceFigures): string {
  const element = <ComplianceDocument figures={figures} />;
  if (element instanceof Promise) throw new Error('the report rendered asynchronously');
  return `<!doctype html>${String(element)}`;
}
