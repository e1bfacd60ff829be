import type { Hono, MiddlewareHandler } from 'hono';
import { isAppError } from '../../lib/index.js';
import {
  INCIDENT_GRADES,
  INCIDENT_KINDS,
  INCIDENT_ROUTES,
  INCIDENT_STATUSES,
  computeComplianceFigures,
  getIncident,
  isStepOverdue,
  listIncidentEvents,
  listIncidents,
  listTenants,
  openIncident,
  updateIncident,
  type Incident,
  type Tenant,
} from '../../store/index.js';
import type { ConsoleContext, ConsoleDeps, ConsoleEnv } from '../console/context.js';
import { pickTenant, TenantPicker } from '../console/pages/tenant-picker.js';
import { BASE, sendErrorPage, sendPage } from '../console/respond.js';
import {
  DataTable,
  Notice,
  PostForm,
  flashOf,
  formatTime,
  parseLocalTime,
  redirectTo,
  t,
  toLocalTimeValue,
  type Lang,
  type MessageKey,
} from '../web/index.js';
import { isReportFormat, renderComplianceReport } from './report.js';

const msg = (lang: Lang, key: string): string => t(lang, key as MessageKey);
const actorOf = (c: ConsoleContext): string => `user:${c.get('session')?.user.username ?? 'unknown'}`;
/** The console user an actor names, as the page shows them (user:admin → admin). */
const actorName = (actor: string | null): string => (actor ?? '').replace(/^user:/u, '');

/** The year asked for (`?year=`), else last year until the end of January (the filing month), else this one. */
function yearOf(asked: string | undefined, now: number): number {
  if (asked !== undefined && /^\d{4}$/u.test(asked)) return Number(asked);
  const beijing = new Date(now + 8 * 3_600_000);
  return beijing.getUTCMonth() === 0 ? beijing.getUTCFullYear() - 1 : beijing.getUTCFullYear();
}

const CHANGE_LABELS: Readonly<Record<string, MessageKey>> = {
  opened: 'incident_opened',
  status: 'incident_status',
  grade: 'incident_grade',
  minorsAffected: 'incident_minors',
  description: 'incident_description',
};

/** One history line in the reader's words: what changed, and for steps done, which. */
function describeChange(lang: Lang, change: Readonly<Record<string, unknown>>): string {
  return Object.entries(change)
    .map(([key, value]) =>
      key === 'done' && Array.isArray(value)
        ? `${t(lang, 'incident_done')}: ${value.map((step) => msg(lang, `incident_step_${String(step)}`)).join('、')}`
        : Array.isArray(value) && value.length === 2 && key !== 'minorsAffected'
          ? `${t(lang, CHANGE_LABELS[key] ?? 'incident_saved')}: ${msg(lang, `incident_${key}_${String(value[0])}`)} → ${msg(lang, `incident_${key}_${String(value[1])}`)}`
          : Array.isArray(value) && value.length === 2
            ? `${t(lang, CHANGE_LABELS[key] ?? 'incident_saved')}: ${String(value[0])} → ${String(value[1])}`
            : t(lang, CHANGE_LABELS[key] ?? 'incident_saved'),
    )
    .join('；');
}

function Figure(props: { readonly id: string; readonly label: string; readonly value: number | string | null }) {
  return (
    <section class="card">
      <h2>{props.label}</h2>
      <p class="big-number" id={props.id}>
        {props.value ?? '—'}
      </p>
    </section>
  );
}

/**
 * The compliance report page (compliance and admin users): a year and a tenant, the headline figures, and downloads of
 * the report as HTML, PDF and JSON (`/compliance/report?format=`).
 */
export function registerComplianceRoutes(
  app: Hono<ConsoleEnv>,
  deps: ConsoleDeps,
  guard: MiddlewareHandler<ConsoleEnv>,
) {
  app.get('/compliance', guard, async (c) => {
    const lang = c.get('lang');
    const tenants = await listTenants(deps.store.db);
    const tenant = pickTenant(tenants, c.req.query('tenant'));
    if (tenant === undefined)
      return sendPage(c, t(lang, 'cr_title'), <p class="empty">{t(lang, 'no_tenants_ask_admin')}</p>, {
        page: 'compliance',
      });
    const now = deps.clock();
    const year = yearOf(c.req.query('year'), now);
    const figures = await computeComplianceFigures(deps.store.db, { tenantId: tenant.id, year, now });
    const link = (format: string) =>
      `${BASE}/compliance/report?${new URLSearchParams({ tenant: tenant.id, year: String(year), format }).toString()}`;
    const body = (
      <>
        <h1>{t(lang, 'cr_title')}</h1>
        <p class="intro">{t(lang, 'cr_intro')}</p>
        <TenantPicker lang={lang} action={`${BASE}/compliance`} tenants={tenants} chosen={tenant} />
        <form class="card" method="get" action={`${BASE}/compliance`}>
          <input type="hidden" name="tenant" value={tenant.id} />
          <label for="cr-year">{t(lang, 'cr_year')}</label>
          <input id="cr-year" name="year" type="text" inputmode="numeric" pattern="[0-9]{4}" value={String(year)} />
          <button type="submit" class="secondary">
            {t(lang, 'cr_show')}
          </button>
        </form>
        <section class="card" id="cr-downloads">
          <h2>{t(lang, 'cr_download')}</h2>
          <p class="muted">
            {t(lang, 'cr_period')}: {formatTime(figures.period.from)} – {formatTime(figures.period.to)}
          </p>
          <p>
            <a class="button" id="cr-pdf" href={link('pdf')}>
              {t(lang, 'cr_download_pdf')}
            </a>{' '}
            <a class="button secondary" id="cr-html" href={link('html')}>
              {t(lang, 'cr_download_html')}
            </a>{' '}
            <a class="button secondary" id="cr-json" href={link('json')}>
              {t(lang, 'cr_download_json')}
            </a>
          </p>
        </section>
        <div class="stats-grid">
          <Figure id="cr-registered" label={t(lang, 'cr_youth_registered')} value={figures.youth.registered} />
          <Figure id="cr-moderated" label={t(lang, 'cr_moderated')} value={figures.intercepted.moderated} />
          <Figure id="cr-flagged" label={t(lang, 'cr_flagged')} value={figures.intercepted.flagged} />
          <Figure id="cr-reports" label={t(lang, 'cr_reports_received')} value={figures.reports.received} />
          <Figure id="cr-breaches" label={t(lang, 'cr_sla_breaches')} value={figures.sla.breaches} />
          <Figure id="cr-guardians" label={t(lang, 'cr_guardians_bound')} value={figures.guardians.guardians} />
          <Figure
            id="cr-rights"
            label={t(lang, 'cr_rights')}
            value={figures.privacy.rights.reduce((n, r) => n + r.received, 0)}
          />
          <Figure id="cr-incidents" label={t(lang, 'cr_incidents_total')} value={figures.incidents.total} />
        </div>
      </>
    );
    return sendPage(c, t(lang, 'cr_title'), body, { page: 'compliance' });
  });

  app.get('/compliance/report', guard, async (c) => {
    const lang = c.get('lang');
    const tenants = await listTenants(deps.store.db);
    const tenant = tenants.find((tn) => tn.id === c.req.query('tenant'));
    const format = c.req.query('format') ?? 'html';
    if (tenant === undefined || !isReportFormat(format))
      return sendErrorPage(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
    const now = deps.clock();
    try {
      const report = await renderComplianceReport(deps.store.db, {
        tenantId: tenant.id,
        year: yearOf(c.req.query('year'), now),
        now,
        format,
      });
      deps.log.info({ tenant: tenant.id, format, by: c.get('session')?.user.username }, 'compliance report downloaded');
      return c.body(typeof report.body === 'string' ? report.body : new Uint8Array(report.body), 200, {
        'content-type': report.contentType,
        'content-disposition': `attachment; filename="${report.fileName}"`,
      });
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'chromium_missing')
        return sendErrorPage(c, 'chromium_missing', t(lang, 'cr_download_pdf'), t(lang, 'cr_pdf_unavailable'));
      return sendErrorPage(c, error.code, t(lang, 'error_not_found_title'), error.message);
    }
  });
}

function Options(props: {
  readonly lang: Lang;
  readonly prefix: string;
  readonly ids: readonly string[];
  readonly chosen?: string;
}) {
  return (
    <>
      {props.ids.map((id) => (
        <option value={id} selected={id === props.chosen}>
          {msg(props.lang, `${props.prefix}_${id}`)}
        </option>
      ))}
    </>
  );
}

function IncidentForm(props: {
  readonly lang: Lang;
  readonly csrf: string;
  readonly tenant: Tenant;
  readonly now: number;
  readonly error?: string | undefined;
}) {
  const { lang } = props;
  return (
    <PostForm
      action={`${BASE}/incidents?tenant=${encodeURIComponent(props.tenant.id)}`}
      csrf={props.csrf}
      class="card"
      id="incident-new"
    >
      <h2>{t(lang, 'incident_new')}</h2>
      <Notice kind="error" message={props.error} />
      <label for="i-title">{t(lang, 'incident_title')}</label>
      <input id="i-title" name="title" type="text" required maxlength={200} />
      <div class="filters">
        <div>
          <label for="i-kind">{t(lang, 'incident_kind')}</label>
          <select id="i-kind" name="kind">
            <Options lang={lang} prefix="incident_kind" ids={INCIDENT_KINDS} />
          </select>
        </div>
        <div>
          <label for="i-grade">{t(lang, 'incident_grade')}</label>
          <select id="i-grade" name="grade">
            <Options lang={lang} prefix="incident_grade" ids={INCIDENT_GRADES} />
          </select>
        </div>
        <div>
          <label for="i-route">{t(lang, 'incident_route')}</label>
          <select id="i-route" name="route">
            <Options lang={lang} prefix="incident_route" ids={INCIDENT_ROUTES} chosen="other" />
          </select>
        </div>
        <div>
          <label for="i-minors">{t(lang, 'incident_minors')}</label>
          <input
            id="i-minors"
            name="minorsAffected"
            type="text"
            inputmode="numeric"
            pattern="[0-9]+"
            value="0"
            required
          />
        </div>
        <div>
          <label for="i-discovered">{t(lang, 'incident_discovered')}</label>
          <input
            id="i-discovered"
            name="discoveredAt"
            type="datetime-local"
            value={toLocalTimeValue(props.now)}
            required
          />
        </div>
      </div>
      <label for="i-pi">{t(lang, 'incident_pi_kinds')}</label>
      <input id="i-pi" name="piKinds" type="text" maxlength={500} />
      <label for="i-description">{t(lang, 'incident_description')}</label>
      <textarea id="i-description" name="description" rows={4} maxlength={5000}></textarea>
      <button type="submit">{t(lang, 'incident_open')}</button>
    </PostForm>
  );
}

function IncidentTable(props: { readonly lang: Lang; readonly incidents: readonly Incident[]; readonly now: number }) {
  const { lang } = props;
  return (
    <DataTable
      id="incidents"
      headers={[
        t(lang, 'incident_discovered'),
        t(lang, 'incident_title'),
        t(lang, 'incident_grade'),
        t(lang, 'incident_status'),
        t(lang, 'incident_steps'),
      ]}
    >
      {props.incidents.map((i) => (
        <tr>
          <td>{formatTime(i.discoveredAt)}</td>
          <td>
            <a href={`${BASE}/incidents/${encodeURIComponent(i.id)}?tenant=${encodeURIComponent(i.tenantId)}`}>
              {i.title}
            </a>
          </td>
          <td>{msg(lang, `incident_grade_${i.grade}`)}</td>
          <td>{msg(lang, `incident_status_${i.status}`)}</td>
          <td>
            {i.steps.filter((s) => s.doneAt !== null).length}/{i.steps.length}
            {i.steps.some((s) => isStepOverdue(s, props.now)) ? (
              <>
                {' '}
                <span class="badge">{t(lang, 'incident_overdue')}</span>
              </>
            ) : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The incident register (compliance and admin users): the list and a form to record one, and each incident with its legal steps. */
export function registerIncidentRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps, guard: MiddlewareHandler<ConsoleEnv>) {
  const list = async (c: ConsoleContext, error?: string) => {
    const lang = c.get('lang');
    const tenants = await listTenants(deps.store.db);
    const tenant = pickTenant(tenants, c.req.query('tenant'));
    if (tenant === undefined)
      return sendPage(c, t(lang, 'incidents_title'), <p class="empty">{t(lang, 'no_tenants_ask_admin')}</p>, {
        page: 'incidents',
      });
    const now = deps.clock();
    const incidents = await listIncidents(deps.store.db, tenant.id);
    const body = (
      <>
        <h1>{t(lang, 'incidents_title')}</h1>
        <p class="intro">{t(lang, 'incidents_intro')}</p>
        <TenantPicker lang={lang} action={`${BASE}/incidents`} tenants={tenants} chosen={tenant} />
        {incidents.length === 0 ? (
          <p class="empty">{t(lang, 'incidents_none')}</p>
        ) : (
          <IncidentTable lang={lang} incidents={incidents} now={now} />
        )}
        <IncidentForm lang={lang} csrf={c.get('csrf')} tenant={tenant} now={now} error={error} />
      </>
    );
    return sendPage(c, t(lang, 'incidents_title'), body, {
      page: 'incidents',
      ...(error === undefined ? {} : { code: 'validation_failed' }),
    });
  };

  app.get('/incidents', guard, (c) => list(c));

  app.post('/incidents', guard, async (c) => {
    const lang = c.get('lang');
    const tenantId = c.req.query('tenant') ?? '';
    if (!(await listTenants(deps.store.db)).some((tn) => tn.id === tenantId))
      return sendErrorPage(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
    const form = c.get('form');
    const minors = form.get('minorsAffected').trim();
    try {
      const incident = await openIncident(
        deps.store.db,
        tenantId,
        {
          title: form.get('title'),
          kind: form.get('kind'),
          grade: form.get('grade'),
          route: form.get('route'),
          minorsAffected: /^\d+$/u.test(minors) ? Number(minors) : Number.NaN,
          piKinds: form
            .get('piKinds')
            .split(/[,，、]/u)
            .map((k) => k.trim())
            .filter((k) => k !== ''),
          description: form.get('description'),
          discoveredAt: parseLocalTime(form.get('discoveredAt')) ?? Number.NaN,
        },
        actorOf(c),
        deps.clock(),
      );
      deps.webhooks.wake();
      return redirectTo(c, `${BASE}/incidents/${encodeURIComponent(incident.id)}`, {
        tenant: tenantId,
        done: 'opened',
      });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      return list(c, t(lang, 'incident_invalid'));
    }
  });

  const detail = async (c: ConsoleContext, error?: string) => {
    const lang = c.get('lang');
    const tenantId = c.req.query('tenant') ?? '';
    let incident: Incident;
    try {
      incident = await getIncident(deps.store.db, tenantId, c.req.param('id') ?? '');
    } catch (e) {
      if (isAppError(e) && e.code === 'not_found')
        return sendErrorPage(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
      throw e;
    }
    const now = deps.clock();
    const events = await listIncidentEvents(deps.store.db, incident.id);
    const here = `${BASE}/incidents/${encodeURIComponent(incident.id)}?tenant=${encodeURIComponent(tenantId)}`;
    const ok = flashOf(c, { opened: 'incident_opened', saved: 'incident_saved' });
    const body = (
      <>
        <p>
          <a href={`${BASE}/incidents?tenant=${encodeURIComponent(tenantId)}`}>← {t(lang, 'incidents_title')}</a>
        </p>
        <h1 id="incident-title">{incident.title}</h1>
        <Notice kind="ok" message={ok} />
        <Notice kind="error" message={error} />
        <dl class="legend card" id="incident">
          <dt>{t(lang, 'incident_kind')}</dt>
          <dd>{msg(lang, `incident_kind_${incident.kind}`)}</dd>
          <dt>{t(lang, 'incident_route')}</dt>
          <dd>{msg(lang, `incident_route_${incident.route}`)}</dd>
          <dt>{t(lang, 'incident_discovered')}</dt>
          <dd>{formatTime(incident.discoveredAt)}</dd>
          <dt>{t(lang, 'incident_pi_kinds')}</dt>
          <dd>{incident.piKinds.join('、') || '—'}</dd>
          <dt>{t(lang, 'incident_description')}</dt>
          <dd>{incident.description || '—'}</dd>
        </dl>
        <h2>{t(lang, 'incident_steps')}</h2>
        <DataTable
          id="incident-steps"
          headers={[
            t(lang, 'incident_step'),
            t(lang, 'incident_due'),
            t(lang, 'incident_done'),
            t(lang, 'incident_basis'),
          ]}
        >
          {incident.steps.map((s) => (
            <tr data-step={s.step}>
              <td>{msg(lang, `incident_step_${s.step}`)}</td>
              <td>
                {s.dueAt === null ? t(lang, 'incident_due_now') : formatTime(s.dueAt)}
                {isStepOverdue(s, now) ? (
                  <>
                    {' '}
                    <span class="badge">{t(lang, 'incident_overdue')}</span>
                  </>
                ) : null}
              </td>
              <td>
                {s.doneAt !== null ? (
                  <>
                    {formatTime(s.doneAt)} · {actorName(s.doneBy)}
                    {s.note === null ? null : <p class="muted">{s.note}</p>}
                  </>
                ) : (
                  <PostForm action={`${here.replace('?', '/steps?')}`} csrf={c.get('csrf')} class="inline">
                    <input type="hidden" name="step" value={s.step} />
                    <input
                      name="note"
                      type="text"
                      maxlength={1000}
                      aria-label={t(lang, 'incident_note')}
                      placeholder={t(lang, 'incident_note')}
                    />
                    <button type="submit" class="secondary">
                      {t(lang, 'incident_mark_done')}
                    </button>
                  </PostForm>
                )}
              </td>
              <td class="muted">{t(lang, `incident_basis_${s.step}`)}</td>
            </tr>
          ))}
        </DataTable>
        <PostForm action={here} csrf={c.get('csrf')} class="card" id="incident-update">
          <div class="filters">
            <div>
              <label for="u-status">{t(lang, 'incident_status')}</label>
              <select id="u-status" name="status">
                <Options lang={lang} prefix="incident_status" ids={INCIDENT_STATUSES} chosen={incident.status} />
              </select>
            </div>
            <div>
              <label for="u-grade">{t(lang, 'incident_grade')}</label>
              <select id="u-grade" name="grade">
                <Options lang={lang} prefix="incident_grade" ids={INCIDENT_GRADES} chosen={incident.grade} />
              </select>
            </div>
            <div>
              <label for="u-minors">{t(lang, 'incident_minors')}</label>
              <input
                id="u-minors"
                name="minorsAffected"
                type="text"
                inputmode="numeric"
                pattern="[0-9]+"
                value={String(incident.minorsAffected)}
              />
            </div>
          </div>
          <button type="submit">{t(lang, 'incident_save')}</button>
        </PostForm>
        <h2>{t(lang, 'incident_history')}</h2>
        <ul class="plain" id="incident-history">
          {events.map((e) => (
            <li>
              {formatTime(e.createdAt)} · {actorName(e.actor)} · {describeChange(lang, e.change)}
            </li>
          ))}
        </ul>
      </>
    );
    return sendPage(c, incident.title, body, {
      page: 'incidents',
      ...(error === undefined ? {} : { code: 'validation_failed' }),
    });
  };

  app.get('/incidents/:id', guard, (c) => detail(c));

  const change = async (c: ConsoleContext, patch: Parameters<typeof updateIncident>[3]) => {
    const lang = c.get('lang');
    const tenantId = c.req.query('tenant') ?? '';
    const id = c.req.param('id') ?? '';
    try {
      await updateIncident(deps.store.db, tenantId, id, patch, actorOf(c), deps.clock());
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'not_found')
        return sendErrorPage(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
      return detail(c, t(lang, error.code === 'conflict' ? 'incident_closed' : 'incident_invalid'));
    }
    deps.webhooks.wake();
    return redirectTo(c, `${BASE}/incidents/${encodeURIComponent(id)}`, { tenant: tenantId, done: 'saved' });
  };

  app.post('/incidents/:id', guard, (c) => {
    const form = c.get('form');
    const minors = form.get('minorsAffected').trim();
    return change(c, {
      status: form.get('status'),
      grade: form.get('grade'),
      minorsAffected: /^\d+$/u.test(minors) ? Number(minors) : Number.NaN,
    });
  });

  app.post('/incidents/:id/steps', guard, (c) => {
    const form = c.get('form');
    return change(c, { done: [{ step: form.get('step'), note: form.get('note') }] });
  });
}
