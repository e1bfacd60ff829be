import type { Hono, MiddlewareHandler } from 'hono';
import { isAppError } from '../../../lib/index.js';
import {
  ConfirmForm,
  DataTable,
  Notice,
  PostForm,
  categoryLabel,
  formatTime,
  redirectTo,
  t,
  type Lang,
  type MessageKey,
} from '../../web/index.js';
import { PORTAL_BASE, sendPortalError, sendPortalPage } from '../respond.js';
import type { RuleId } from '../../../policy/index.js';
import type { PortalContext, PortalDeps, PortalEnv } from '../context.js';
import { portalData, type PortalData } from '../data.js';
import { portalAuth } from '../sessions.js';
import { SettingsFields, parseSettingsForm, settingsFormValues, type FieldProblem } from '../settings-form.js';
import type { MinorCard, MinorDetail, RequestView, WeeklyReportView } from '../views.js';

const MINOR_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Children: the list, binding, and each child's page, settings, requests, weekly report and change history. */
export function registerMinorRoutes(app: Hono<PortalEnv>, deps: PortalDeps, guard: MiddlewareHandler<PortalEnv>) {
  const data: PortalData = portalData(deps);
  const auth = portalAuth(deps);
  const me = (c: PortalContext): string => c.get('guardian')?.id ?? '';

  /** The minor named in the path, when the signed-in guardian is bound to it; otherwise the error page. */
  const loadMinor = async (c: PortalContext): Promise<MinorDetail | Response> => {
    const lang = c.get('lang');
    const minorId = c.req.param('minorId') ?? '';
    const minor = MINOR_ID.test(minorId) ? await data.minor(me(c), minorId) : null;
    if (minor === null)
      return sendPortalError(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_bound'));
    return minor;
  };

  app.get('/minors', guard, async (c) => {
    const lang = c.get('lang');
    const minors = await data.minors(me(c));
    const done = c.req.query('done');
    const unread = c.get('unread');
    const body = (
      <>
        <h1>{t(lang, 'minors_title')}</h1>
        <Notice
          kind="ok"
          message={done === 'bound' ? t(lang, 'bind_done') : done === 'unbound' ? t(lang, 'unbind_done') : null}
        />
        {unread === 0 ? null : (
          <p class="notice error" id="unread-alerts">
            <a href={`${PORTAL_BASE}/alerts`}>
              <span class="badge">{unread > 99 ? '99+' : unread}</span>{' '}
              {t(lang, 'alerts_unread_notice', { count: unread })}
            </a>
          </p>
        )}
        {minors.length === 0 ? (
          <>
            <p class="card">{t(lang, 'minors_none')}</p>
            <p>
              <a href={`${PORTAL_BASE}/bind`}>{t(lang, 'nav_bind')}</a>
            </p>
          </>
        ) : (
          <ul class="plain cards" id="minors">
            {minors.map((m) => (
              <MinorItem lang={lang} minor={m} />
            ))}
          </ul>
        )}
      </>
    );
    return sendPortalPage(c, t(lang, 'minors_title'), body, { section: 'minors' });
  });

  const bindPage = (c: PortalContext, code: string, error?: string) => {
    const lang = c.get('lang');
    return (
      <>
        <h1>{t(lang, 'bind_title')}</h1>
        <p class="intro">{t(lang, 'bind_intro')}</p>
        <Notice kind="error" message={error} />
        <PostForm action={`${PORTAL_BASE}/bind`} csrf={c.get('csrf')} class="card" id="bind">
          <label for="code">{t(lang, 'bind_code')}</label>
          <input
            id="code"
            class="code"
            name="code"
            type="text"
            autocomplete="off"
            autocapitalize="characters"
            required
            value={code}
          />
          <button type="submit">{t(lang, 'bind_button')}</button>
        </PostForm>
      </>
    );
  };

  // A QR code carries /guardian/bind?code=…: signed out, sign-in comes back here with the code still in the link.
  app.get('/bind', guard, (c) => {
    const lang = c.get('lang');
    const code = (c.req.query('code') ?? '').trim().slice(0, 64);
    return sendPortalPage(c, t(lang, 'bind_title'), bindPage(c, code), { section: 'bind' });
  });

  app.post('/bind', guard, async (c) => {
    const lang = c.get('lang');
    const code = c.get('form').get('code').trim();
    try {
      const minorId = await data.bind(me(c), code);
      return redirectTo(c, `${PORTAL_BASE}/minors/${minorId}`, { done: 'bound' });
    } catch (error) {
      if (!isAppError(error)) throw error;
      const message = error.code === 'conflict' ? t(lang, 'bind_already') : t(lang, 'bind_failed');
      return sendPortalPage(c, t(lang, 'bind_title'), bindPage(c, code, message), {
        section: 'bind',
        code: error.code,
      });
    }
  });

  app.get('/minors/:minorId', guard, async (c) => {
    const lang = c.get('lang');
    const minor = await loadMinor(c);
    if (minor instanceof Response) return minor;
    const csrf = c.get('csrf');
    const done = c.req.query('done');
    const ok =
      done === 'bound'
        ? t(lang, 'bind_done')
        : done === 'locked'
          ? t(lang, 'lock_done')
          : done === 'unlocked'
            ? t(lang, 'unlock_done')
            : done === 'unbound'
              ? t(lang, 'unbind_done')
              : null;
    const base = `${PORTAL_BASE}/minors/${minor.minorId}`;
    const sections = [
      ['settings', 'section_settings'],
      ['interactions', 'section_interactions'],
      ['themes', 'portal_themes_section'],
      ['report', 'section_report'],
      ['purchases', 'section_purchases'],
      ['history', 'section_history'],
      ['privacy', 'privacy_section'],
    ] as const satisfies readonly (readonly [string, MessageKey])[];
    const body = (
      <>
        <h1>{minor.displayName}</h1>
        <p class="intro">
          {t(lang, `band_${minor.band}`)} · {t(lang, minor.youthMode ? 'youth_mode_on' : 'youth_mode_off')} ·{' '}
          {t(lang, `role_${minor.role}`)}
        </p>
        <Notice kind="ok" message={ok} /> <UsageStats lang={lang} minor={minor} />
        {minor.locked ? (
          <p class="locked" id="lock-state">
            {t(lang, 'lock_state_locked')}
          </p>
        ) : null}
        <div class="actions">
          {minor.locked ? (
            <PostForm action={`${base}/unlock`} csrf={csrf}>
              <button class="secondary" type="submit">
                {t(lang, 'unlock')}
              </button>
            </PostForm>
          ) : (
            <ConfirmForm
              lang={lang}
              action={`${base}/lock`}
              csrf={csrf}
              label={t(lang, 'lock_now')}
              question={t(lang, 'lock_question', { name: minor.displayName })}
              confirm={t(lang, 'lock_confirm')}
              back={base}
              undoable={true}
            />
          )}
        </div>
        <ul class="plain cards">
          <li>
            <h3>
              <a href={`${base}/requests`}>{t(lang, 'section_requests')}</a>
            </h3>
            {minor.pendingRequests > 0 ? (
              <>
                <span class="badge">{minor.pendingRequests}</span>{' '}
                {t(lang, 'pending_requests', { count: minor.pendingRequests })}
              </>
            ) : (
              <span class="muted">{t(lang, 'requests_none')}</span>
            )}
          </li>
          {sections.map(([path, label]) => (
            <li>
              <h3>
                <a href={`${base}/${path}`}>{t(lang, label)}</a>
              </h3>
            </li>
          ))}
        </ul>
        <h2>{t(lang, 'section_guardians')}</h2>
        <ul class="plain cards" id="guardians">
          {minor.guardians.map((g) => (
            <li>
              <div class="actions">
                <span>
                  {g.displayName}
                  {g.guardianId === me(c) ? t(lang, 'you') : ''} · {t(lang, `role_${g.role}`)}
                </span>{' '}
                {minor.role === 'primary' && g.guardianId !== me(c) ? (
                  <ConfirmForm
                    lang={lang}
                    action={`${base}/unbind`}
                    csrf={csrf}
                    label={t(lang, 'unbind')}
                    question={t(lang, 'unbind_question', { name: g.displayName, child: minor.displayName })}
                    confirm={t(lang, 'unbind_confirm')}
                    back={base}
                  >
                    <input type="hidden" name="guardianId" value={g.guardianId} />
                  </ConfirmForm>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </>
    );
    return sendPortalPage(c, minor.displayName, body, { section: 'minors' });
  });

  for (const action of ['lock', 'unlock'] as const) {
    app.post(`/minors/:minorId/${action}`, guard, async (c) => {
      const minor = await loadMinor(c);
      if (minor instanceof Response) return minor;
      await data.setLock(me(c), minor.minorId, action === 'lock');
      return redirectTo(c, `${PORTAL_BASE}/minors/${minor.minorId}`, { done: `${action}ed` });
    });
  }

  app.post('/minors/:minorId/unbind', guard, async (c) => {
    const lang = c.get('lang');
    const minor = await loadMinor(c);
    if (minor instanceof Response) return minor;
    try {
      await data.unbind(me(c), minor.minorId, c.get('form').get('guardianId'));
    } catch (error) {
      if (!isAppError(error)) throw error;
      const message = error.code === 'forbidden' ? t(lang, 'unbind_only_primary') : t(lang, 'error_not_found');
      return sendPortalError(c, error.code, t(lang, 'error_forbidden_title'), message);
    }
    return redirectTo(c, `${PORTAL_BASE}/minors/${minor.minorId}`, { done: 'unbound' });
  });

  const settingsPage = async (
    c: PortalContext,
    minor: MinorDetail,
    values: Readonly<Record<string, string>> | null,
    problems: readonly FieldProblem[],
  ) => {
    const lang = c.get('lang');
    const view = await data.settings(me(c), minor.minorId);
    const base = `${PORTAL_BASE}/minors/${minor.minorId}`;
    return (
      <>
        <p>
          <a href={base}>← {minor.displayName}</a>
        </p>
        <h1>{t(lang, 'settings_title')}</h1>
        <p class="intro">{t(lang, 'settings_intro')}</p>
        <Notice kind="ok" message={c.req.query('done') === 'saved' ? t(lang, 'settings_saved') : null} />
        {problems.length === 0 ? null : (
          <div class="notice error" role="alert" id="settings-errors">
            {t(lang, 'settings_errors')}
            <ul class="errors">
              {problems.map((p) => (
                <li>
                  {p.message}{' '}
                  {p.rule === undefined ? null : (
                    <span class="rule">
                      ({t(lang, 'legal_bound')}: {p.rule})
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
        <PostForm action={`${base}/settings`} csrf={c.get('csrf')} class="card" id="settings">
          <SettingsFields
            lang={lang}
            values={values ?? settingsFormValues(view.settings)}
            defaults={view.defaults}
            minorBand={view.band}
          />
          <button type="submit">{t(lang, 'save')}</button>
        </PostForm>
      </>
    );
  };

  app.get('/minors/:minorId/settings', guard, async (c) => {
    const lang = c.get('lang');
    const minor = await loadMinor(c);
    if (minor instanceof Response) return minor;
    return sendPortalPage(c, t(lang, 'settings_title'), await settingsPage(c, minor, null, []), { section: 'minors' });
  });

  app.post('/minors/:minorId/settings', guard, async (c) => {
    const lang = c.get('lang');
    const minor = await loadMinor(c);
    if (minor instanceof Response) return minor;
    const form = c.get('form');
    const submitted: Record<string, string> = {};
    const names = [
      'dailyLimitMinutes',
      'restReminderMinutes',
      'curfewStart',
      'curfewEnd',
      'contentBand',
      'topupPerPayment',
      'topupPerMonth',
      'purchaseApprovalOver',
      'exemptApps',
    ];
    for (const name of names) submitted[name] = form.get(name);
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])
      for (const part of ['limit', 'start', 'end'])
        submitted[`schedule_${day}_${part}`] = form.get(`schedule_${day}_${part}`);
    for (const feature of ['tipping', 'hosting', 'stranger_dm', 'game_play', 'external_link'])
      submitted[`feature_${feature}`] = form.get(`feature_${feature}`);
    const parsed = parseSettingsForm(form, lang);
    let problems: readonly FieldProblem[] = parsed.ok ? [] : parsed.problems;
    if (parsed.ok) {
      try {
        await data.saveSettings(me(c), minor.minorId, parsed.settings);
        return redirectTo(c, `${PORTAL_BASE}/minors/${minor.minorId}/settings`, { done: 'saved' });
      } catch (error) {
        if (!isAppError(error)) throw error;
        problems = data.settingsProblems(lang, error);
        if (problems.length === 0) throw error;
      }
    }
    return sendPortalPage(c, t(lang, 'settings_title'), await settingsPage(c, minor, submitted, problems), {
      section: 'minors',
      code: 'validation_failed',
    });
  });

  app.get('/minors/:minorId/requests', guard, async (c) => {
    const lang = c.get('lang');
    const minor = await loadMinor(c);
    if (minor instanceof Response) return minor;
    const requests = await data.requests(me(c), minor.minorId);
    const pending = requests.filter((r) => r.status === 'pending');
    const answered = requests.filter((r) => r.status !== 'pending');
    const done = c.req.query('done');
    const error = c.req.query('error');
    const base = `${PORTAL_BASE}/minors/${minor.minorId}`;
    const csrf = c.get('csrf');
    const body = (
      <>
        <p>
          <a href={base}>← {minor.displayName}</a>
        </p>
        <h1>{t(lang, 'requests_title')}</h1>
        <Notice
          kind="ok"
          message={
            done === 'answered' ? t(lang, 'answer_done') : done === 'code_sent' ? t(lang, 'mode_exit_code_sent') : null
          }
        />
        <Notice kind="error" message={requestError(lang, error ?? '')} />
        <h2>{t(lang, 'requests_pending')}</h2>
        {pending.length === 0 ? (
          <p class="muted">{t(lang, 'requests_none')}</p>
        ) : (
          <ul class="plain cards" id="pending-requests">
            {pending.map((r) => (
              <li id={`request-${r.id}`}>
                <h3>{requestTitle(lang, r)}</h3>
                <p class="muted">{formatTime(r.createdAt)}</p>
                {r.note === undefined ? null : <p>{t(lang, 'request_note', { note: r.note })}</p>}
                {r.kind === 'mode_exit' ? (
                  <ModeExitForms
                    lang={lang}
                    base={base}
                    requestId={r.id}
                    csrf={csrf}
                    hasPassword={c.get('guardian')?.hasPassword === true}
                  />
                ) : (
                  <div class="actions">
                    <PostForm action={`${base}/requests/${r.id}/approve`} csrf={csrf}>
                      <button type="submit">{t(lang, 'approve')}</button>
                    </PostForm>{' '}
                    <PostForm action={`${base}/requests/${r.id}/deny`} csrf={csrf}>
                      <button class="secondary" type="submit">
                        {t(lang, 'deny')}
                      </button>
                    </PostForm>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        <h2>{t(lang, 'requests_answered')}</h2>
        {answered.length === 0 ? (
          <p class="muted">{t(lang, 'requests_none')}</p>
        ) : (
          <ul class="plain cards" id="answered-requests">
            {answered.map((r) => (
              <li>
                <RequestLine lang={lang} request={r} />
              </li>
            ))}
          </ul>
        )}
      </>
    );
    return sendPortalPage(c, t(lang, 'requests_title'), body, { section: 'minors' });
  });

  for (const answer of ['approve', 'deny'] as const) {
    app.post(`/minors/:minorId/requests/:requestId/${answer}`, guard, async (c) => {
      const lang = c.get('lang');
      const minor = await loadMinor(c);
      if (minor instanceof Response) return minor;
      const back = `${PORTAL_BASE}/minors/${minor.minorId}/requests`;
      const requestId = c.req.param('requestId');
      const kind = await data.requestKind(me(c), minor.minorId, requestId);
      if (kind === undefined) {
        return sendPortalError(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
      }
      // Leaving youth mode needs the guardian verified again, not only a live session (a phone left unlocked).
      if (kind === 'mode_exit' && answer === 'approve') {
        const guardian = c.get('guardian');
        const form = c.get('form');
        const verified =
          guardian?.hasPassword === true
            ? await auth.reverify(me(c), form.get('password'))
            : await auth.reverifyCode(me(c), form.get('code').trim());
        if (verified !== 'ok') {
          const error = verified === 'locked' ? 'locked' : guardian?.hasPassword === true ? 'password' : 'code';
          return redirectTo(c, back, { error });
        }
      }
      const outcome = await data.answer(me(c), minor.minorId, requestId, answer === 'approve');
      if (outcome === 'not_found') {
        return sendPortalError(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
      }
      return redirectTo(c, back, outcome === 'ok' ? { done: 'answered' } : { error: outcome });
    });
  }

  // A code-only account confirms leaving youth mode with a fresh one-time code.
  app.post('/minors/:minorId/requests/:requestId/exit-code', guard, async (c) => {
    const lang = c.get('lang');
    const minor = await loadMinor(c);
    if (minor instanceof Response) return minor;
    const requestId = c.req.param('requestId');
    if ((await data.requestKind(me(c), minor.minorId, requestId)) !== 'mode_exit') {
      return sendPortalError(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
    }
    const sent = await auth.sendCodeTo(me(c));
    const back = `${PORTAL_BASE}/minors/${minor.minorId}/requests`;
    if (sent.ok) return redirectTo(c, back, { done: 'code_sent' });
    return redirectTo(c, back, { error: sent.reason === 'rate_limited' ? 'code_wait' : 'code_send_failed' });
  });

  app.get('/minors/:minorId/report', guard, async (c) => {
    const lang = c.get('lang');
    const minor = await loadMinor(c);
    if (minor instanceof Response) return minor;
    const asked = c.req.query('week') ?? '';
    const week = data.weekOf(DAY.test(asked) ? asked : undefined);
    const report = await data.report(me(c), minor.minorId, week.from);
    const base = `${PORTAL_BASE}/minors/${minor.minorId}`;
    const body = (
      <>
        <p>
          <a href={base}>← {minor.displayName}</a>
        </p>
        <h1>{t(lang, 'weekly_report_title')}</h1>
        <p class="intro">{t(lang, 'report_week', { from: week.from, to: week.to })}</p>
        <p class="actions">
          <a href={`${base}/report?week=${week.previous}`}>← {t(lang, 'report_prev')}</a>{' '}
          {week.next === null ? null : <a href={`${base}/report?week=${week.next}`}>{t(lang, 'report_next')} →</a>}
        </p>
        <ReportBody lang={lang} report={report} />
      </>
    );
    return sendPortalPage(c, t(lang, 'weekly_report_title'), body, { section: 'minors' });
  });

  app.get('/minors/:minorId/history', guard, async (c) => {
    const lang = c.get('lang');
    const minor = await loadMinor(c);
    if (minor instanceof Response) return minor;
    const entries = await data.history(me(c), minor.minorId, lang);
    const base = `${PORTAL_BASE}/minors/${minor.minorId}`;
    const shown = (value: string | null) =>
      value === null ? <span class="muted">{t(lang, 'product_default')}</span> : <span class="change">{value}</span>;
    const body = (
      <>
        <p>
          <a href={base}>← {minor.displayName}</a>
        </p>
        <h1>{t(lang, 'history_title')}</h1>
        <p class="intro">
          {t(lang, 'history_intro')} {t(lang, 'times_beijing')}
        </p>
        {entries.length === 0 ? (
          <p class="card">{t(lang, 'history_none')}</p>
        ) : (
          <DataTable
            id="history"
            headers={[
              t(lang, 'time'),
              t(lang, 'who'),
              t(lang, 'setting'),
              `${t(lang, 'old_value')} → ${t(lang, 'new_value')}`,
            ]}
          >
            {entries.map((e) => (
              <tr>
                <td>{formatTime(e.at)}</td>
                <td>{e.actor}</td>
                <td>{e.field}</td>
                <td>
                  {shown(e.oldValue)} → {shown(e.newValue)}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </>
    );
    return sendPortalPage(c, t(lang, 'history_title'), body, { section: 'minors' });
  });
}

function requestError(lang: Lang, error: string): string | null {
  switch (error) {
    case 'conflict':
      return t(lang, 'answer_conflict');
    case 'password':
      return t(lang, 'mode_exit_password_wrong');
    case 'code':
      return t(lang, 'mode_exit_code_wrong');
    case 'locked':
      return t(lang, 'mode_exit_locked');
    case 'code_wait':
      return t(lang, 'code_too_many', { seconds: 60 });
    case 'code_send_failed':
      return t(lang, 'code_send_failed');
    default:
      return null;
  }
}

/** Approving an exit from youth mode asks for the password again, or for a fresh one-time code on a code-only account. */
function ModeExitForms(props: {
  readonly lang: Lang;
  readonly base: string;
  readonly requestId: string;
  readonly csrf: string;
  readonly hasPassword: boolean;
}) {
  const { lang, base, requestId, csrf } = props;
  const deny = (
    <PostForm action={`${base}/requests/${requestId}/deny`} csrf={csrf}>
      <button class="secondary" type="submit">
        {t(lang, 'deny')}
      </button>
    </PostForm>
  );
  if (props.hasPassword) {
    return (
      <>
        <PostForm action={`${base}/requests/${requestId}/approve`} csrf={csrf}>
          <p class="hint">{t(lang, 'mode_exit_confirm')}</p>
          <label for={`password-${requestId}`}>{t(lang, 'password')}</label>
          <input
            id={`password-${requestId}`}
            name="password"
            type="password"
            autocomplete="current-password"
            required
          />
          <button type="submit">{t(lang, 'approve')}</button>
        </PostForm>
        {deny}
      </>
    );
  }
  return (
    <>
      <p class="hint">{t(lang, 'mode_exit_code_hint')}</p>
      <PostForm action={`${base}/requests/${requestId}/exit-code`} csrf={csrf}>
        <button class="secondary" type="submit">
          {t(lang, 'code_send')}
        </button>
      </PostForm>
      <PostForm action={`${base}/requests/${requestId}/approve`} csrf={csrf}>
        <label for={`code-${requestId}`}>{t(lang, 'code')}</label>
        <input
          id={`code-${requestId}`}
          class="code"
          name="code"
          type="text"
          inputmode="numeric"
          autocomplete="one-time-code"
          required
        />
        <button type="submit">{t(lang, 'approve')}</button>
      </PostForm>
      {deny}
    </>
  );
}

function minutesOf(seconds: number): number {
  return Math.floor(seconds / 60);
}

/** The bar's width class in steps of 10%, so the stylesheet needs no inline style (the CSP forbids one). */
function barClass(used: number, limit: number): string {
  const share = limit <= 0 ? 1 : Math.min(1, used / limit);
  return `w${Math.round(share * 10) * 10}${used >= limit ? ' over' : ''}`;
}

/** Why a child cannot use the device now, in a guardian's words. */
const STOPPED_BY: Partial<Record<RuleId, MessageKey>> = {
  curfew: 'stopped_curfew',
  weekday_schedule: 'stopped_schedule',
  daily_total: 'stopped_used_up',
};

function UsageStats(props: { readonly lang: Lang; readonly minor: MinorCard }) {
  const { lang, minor } = props;
  const used = minutesOf(minor.usedSecondsToday);
  const limit = minor.limitSecondsToday;
  // Rounded up, as the policy words it for the child: "今天还可以使用 N 分钟".
  const remaining = minor.remainingSecondsToday === null ? null : Math.ceil(minor.remainingSecondsToday / 60);
  // The lock has its own line on the page, so it is not said twice.
  const stopped =
    minor.stoppedBy === null || minor.stoppedBy === 'guardian_lock'
      ? null
      : t(lang, STOPPED_BY[minor.stoppedBy] ?? 'stopped_other');
  return (
    <>
      <div class="stats" id="usage">
        <div class="stat">
          <span class="value" id="used-today">
            {t(lang, 'minutes_value', { n: used })}
          </span>
          <span class="what">{t(lang, 'used_today')}</span>
        </div>
        <div class="stat">
          <span class="value" id="remaining-today">
            {remaining === null ? t(lang, 'no_limit') : t(lang, 'minutes_value', { n: remaining })}
          </span>
          <span class="what">{t(lang, 'remaining_today')}</span>
        </div>
        <div class="stat">
          <span class="value">
            {limit === null ? t(lang, 'no_limit') : t(lang, 'minutes_value', { n: minutesOf(limit) })}
          </span>
          <span class="what">{t(lang, 'daily_cap')}</span>
        </div>
      </div>
      {stopped === null ? null : (
        <p class="locked" id="stopped-by">
          {stopped}
        </p>
      )}
      {limit === null ? null : (
        <div class="meter" role="presentation">
          <span class={barClass(minor.usedSecondsToday, limit)}></span>
        </div>
      )}
    </>
  );
}

function MinorItem(props: { readonly lang: Lang; readonly minor: MinorCard }) {
  const { lang, minor: m } = props;
  return (
    <li>
      <h3>
        <a href={`${PORTAL_BASE}/minors/${m.minorId}`}>{m.displayName}</a>
      </h3>
      <p class="muted">
        {t(lang, `band_${m.band}`)} · {t(lang, `role_${m.role}`)}
        {m.locked ? (
          <>
            {' '}
            · <span class="locked">{t(lang, 'locked_now')}</span>
          </>
        ) : null}
      </p>
      <UsageStats lang={lang} minor={m} />
      {m.pendingRequests > 0 ? (
        <p>
          <a href={`${PORTAL_BASE}/minors/${m.minorId}/requests`}>
            <span class="badge">{m.pendingRequests}</span> {t(lang, 'pending_requests', { count: m.pendingRequests })}
          </a>
        </p>
      ) : null}
    </li>
  );
}

function requestTitle(lang: Lang, r: RequestView): string {
  switch (r.kind) {
    case 'more_time':
      return t(lang, 'request_kind_more_time', { minutes: r.minutes ?? 0 });
    case 'purchase':
      return t(lang, 'request_kind_purchase', { amount: (r.amountFen ?? 0) / 100 });
    case 'feature':
      return t(lang, 'request_kind_feature', {
        feature: r.feature === undefined ? '' : t(lang, `feature_${r.feature}`),
      });
    case 'app':
      return t(lang, 'request_kind_app', { app: r.appId ?? '' });
    case 'mode_exit':
      return t(lang, 'request_kind_mode_exit');
  }
}

function RequestLine(props: { readonly lang: Lang; readonly request: RequestView }) {
  const { lang, request: r } = props;
  const answer =
    r.status === 'approved'
      ? t(lang, 'approved')
      : r.status === 'denied'
        ? t(lang, 'denied')
        : t(lang, r.status === 'expired' ? 'expired' : 'requests_pending');
  return (
    <>
      <strong>{requestTitle(lang, r)}</strong>{' '}
      <span class={`tag ${r.status === 'approved' ? 'allow' : r.status === 'denied' ? 'block' : ''}`}>{answer}</span>{' '}
      <span class="muted">
        {formatTime(r.createdAt)}
        {r.answeredAt === undefined
          ? null
          : ` · ${t(lang, 'answered_by', { who: r.answeredBy ?? '', time: formatTime(r.answeredAt), answer })}`}
      </span>
    </>
  );
}

function ReportBody(props: { readonly lang: Lang; readonly report: WeeklyReportView }) {
  const { lang, report } = props;
  const total = report.days.reduce((sum, d) => sum + d.seconds, 0);
  return (
    <>
      <h2>{t(lang, 'report_time_per_day')}</h2>
      <div class="table-wrap">
        <table class="week" id="report-days">
          <thead>
            <tr>
              <th>{t(lang, 'date')}</th>
              <th class="num">{t(lang, 'minutes')}</th>
            </tr>
          </thead>
          <tbody>
            {report.days.map((d) => (
              <tr>
                <td>{d.day}</td>
                <td class="num">{minutesOf(d.seconds)}</td>
              </tr>
            ))}
            <tr>
              <th>{t(lang, 'report_total')}</th>
              <th class="num">{minutesOf(total)}</th>
            </tr>
          </tbody>
        </table>
      </div>
      <h2>{t(lang, 'report_blocked')}</h2>
      {report.blocked.length === 0 ? (
        <p class="muted">{t(lang, 'report_blocked_none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="week" id="report-blocked">
            <thead>
              <tr>
                <th>{t(lang, 'category')}</th>
                <th class="num">{t(lang, 'count')}</th>
              </tr>
            </thead>
            <tbody>
              {report.blocked.map((b) => (
                <tr>
                  <td>{categoryLabel(b.category, lang)}</td>
                  <td class="num">{b.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t(lang, 'report_requests')}</h2>
      {report.requests.length === 0 ? (
        <p class="muted">{t(lang, 'requests_none')}</p>
      ) : (
        <ul class="plain cards" id="report-requests">
          {report.requests.map((r) => (
            <li>
              <RequestLine lang={lang} request={r} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
