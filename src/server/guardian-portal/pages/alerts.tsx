import type { Hono, MiddlewareHandler } from 'hono';
import { isAppError } from '../../../lib/index.js';
import { CRITICAL_CATEGORIES, isReportCategory, sha256Hex, type ReportSubject } from '../../../store/index.js';
import { refundPublicToken, secondsToWait } from '../../public-limits.js';
import { fileReportWithEngine } from '../../reports/intake.js';
import { Notice, PostForm, categoryLabel, flashOf, formatTime, t, redirectTo, type Lang } from '../../web/index.js';
import { PORTAL_BASE, sendPortalError, sendPortalPage } from '../respond.js';
import type { PortalContext, PortalDeps, PortalEnv } from '../context.js';
import { portalData } from '../data.js';
import type { AlertDetailView } from '../views.js';

/**
 * The alerts inbox: risk aimed at any of the guardian's children, newest first. Opening one shows the message and who sent
 * it (as far as the platform keeps them), marks it read, and offers to report it.
 */
export function registerAlertRoutes(app: Hono<PortalEnv>, deps: PortalDeps, guard: MiddlewareHandler<PortalEnv>) {
  const data = portalData(deps);
  const notFound = (c: PortalContext) => {
    const lang = c.get('lang');
    return sendPortalError(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
  };

  app.get('/alerts', guard, async (c) => {
    const lang = c.get('lang');
    const guardianId = c.get('guardian')?.id ?? '';
    const alerts = await data.alerts(guardianId);
    const csrf = c.get('csrf');
    const body = (
      <>
        <h1>{t(lang, 'alerts_title')}</h1>
        <p class="intro">
          {t(lang, 'alerts_intro')} {t(lang, 'times_beijing')}
        </p>
        <p>
          <a href={`${PORTAL_BASE}/notifications`} id="notify-link">
            {t(lang, 'notify_link')}
          </a>
        </p>
        {alerts.length === 0 ? (
          <p class="card">{t(lang, 'alerts_none')}</p>
        ) : (
          <ul class="plain cards" id="alerts">
            {alerts.map((a) => (
              <li>
                <h3>
                  {a.readAt === null ? (
                    <>
                      <span class="badge">{t(lang, 'alert_unread')}</span>{' '}
                    </>
                  ) : null}
                  <a href={`${PORTAL_BASE}/alerts/${a.id}`}>{alertLine(lang, a)}</a>
                </h3>
                <p class="muted">{formatTime(a.createdAt)}</p>
                <p class="hint">{t(lang, `alert_advice_${adviceOf(a.categories)}`)}</p>
                {a.readAt === null ? (
                  <PostForm action={`${PORTAL_BASE}/alerts/${a.id}/read`} csrf={csrf}>
                    <button class="secondary" type="submit">
                      {t(lang, 'alert_mark_read')}
                    </button>
                  </PostForm>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </>
    );
    return sendPortalPage(c, t(lang, 'alerts_title'), body, { section: 'alerts' });
  });

  app.get('/alerts/:alertId', guard, async (c) => {
    const lang = c.get('lang');
    const guardianId = c.get('guardian')?.id ?? '';
    const alert = await data.alert(guardianId, c.req.param('alertId'));
    if (alert === undefined) return notFound(c);
    if (alert.readAt === null) {
      // Opening an alert is reading it; the badge counts one fewer from this page on.
      await data.markAlertRead(guardianId, alert.id);
      c.set('unread', Math.max(0, c.get('unread') - 1));
    }
    const body = (
      <>
        <p>
          <a href={`${PORTAL_BASE}/alerts`}>← {t(lang, 'alerts_title')}</a>
        </p>
        <h1>{alertLine(lang, alert)}</h1>
        <dl class="legend card" id="alert">
          <dt>{t(lang, 'time')}</dt>
          <dd>{formatTime(alert.createdAt)}</dd>
          <dt>{t(lang, 'alert_sender')}</dt>
          <dd id="alert-sender">{alert.senderRef ?? <span class="muted">{t(lang, 'alert_sender_unknown')}</span>}</dd>
          <dt>{t(lang, 'alert_message')}</dt>
          <dd id="alert-message">
            {alert.text === null ? (
              <span class="muted">{t(lang, 'alert_message_not_kept')}</span>
            ) : (
              <blockquote>{alert.text}</blockquote>
            )}
          </dd>
        </dl>
        <p class="hint">{t(lang, `alert_advice_${adviceOf(alert.categories)}`)}</p>
        <Notice kind="ok" message={flashOf(c, { blocked: 'alert_sender_blocked' })} />
        {alert.senderRef === null ? null : (
          <PostForm
            action={`${PORTAL_BASE}/alerts/${alert.id}/block`}
            csrf={c.get('csrf')}
            class="card"
            id="alert-block"
          >
            <p>{t(lang, 'alert_block_intro', { sender: alert.senderRef })}</p>
            <button class="secondary" type="submit">
              {t(lang, 'alert_block')}
            </button>
          </PostForm>
        )}
        <PostForm
          action={`${PORTAL_BASE}/alerts/${alert.id}/report`}
          csrf={c.get('csrf')}
          class="card"
          id="alert-report"
        >
          <p>{t(lang, 'alert_report_intro')}</p>
          <button type="submit">{t(lang, 'alert_report')}</button>
        </PostForm>
      </>
    );
    return sendPortalPage(c, alertLine(lang, alert), body, { section: 'alerts' });
  });

  app.post('/alerts/:alertId/read', guard, async (c) => {
    const found = await data.markAlertRead(c.get('guardian')?.id ?? '', c.req.param('alertId'));
    if (!found) return notFound(c);
    return redirectTo(c, `${PORTAL_BASE}/alerts`);
  });

  // Blocking the sender for the child: they can no longer see, comment on, repost or message (条例 Art 26); lifted on the
  // child's 谁能和孩子互动 page.
  app.post('/alerts/:alertId/block', guard, async (c) => {
    const guardianId = c.get('guardian')?.id ?? '';
    const alert = await data.alert(guardianId, c.req.param('alertId'));
    if (alert === undefined || alert.senderRef === null) return notFound(c);
    await data.setBlocked(guardianId, alert.minorId, alert.senderRef, true);
    return redirectTo(c, `${PORTAL_BASE}/alerts/${alert.id}`, { done: 'blocked' });
  });

  // The report goes to the platform's review queue as a guardian's, about the message (or the sender when the platform
  // kept no text), and the guardian follows it on the public status page with its tracking code.
  app.post('/alerts/:alertId/report', guard, async (c) => {
    const lang = c.get('lang');
    const guardianId = c.get('guardian')?.id ?? '';
    const alert = await data.alert(guardianId, c.req.param('alertId'));
    if (alert === undefined) return notFound(c);
    const subject = subjectOf(alert);
    if (subject === undefined) return notFound(c);
    // The guardian's own limit (PUBLIC_REPORTS_PER_HOUR an hour for each account), apart from the public form's per address.
    const wait = await secondsToWait(c, deps, 'guardian_report', guardianId);
    if (wait !== undefined) {
      const minutes = Math.max(1, Math.ceil(wait / 60));
      return sendPortalError(c, 'rate_limited', t(lang, 'alert_report'), t(lang, 'alert_report_too_many', { minutes }));
    }
    // Filed under the gravest of the alert's categories: what a child is most at risk from is looked at first.
    const categories = alert.categories.filter(isReportCategory);
    const category =
      categories.find((k) => (CRITICAL_CATEGORIES as readonly string[]).includes(k)) ?? categories[0] ?? 'other';
    try {
      const filed = await fileReportWithEngine(deps, {
        tenantId: alert.tenantId,
        channel: 'public',
        subject,
        category,
        reporterRole: 'guardian',
        minorInvolved: true,
        description: t('zh', 'alert_report_description', { minor: alert.minorName }),
        anonymous: true,
      });
      return c.redirect(`/report/status/${encodeURIComponent(filed.trackingCode)}?new=1`, 303);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      await refundPublicToken(c, deps, 'guardian_report', guardianId);
      return sendPortalError(c, 'validation_failed', t(lang, 'alert_report'), t(lang, 'error_internal'));
    }
  });
}

function alertLine(lang: Lang, a: { readonly minorName: string; readonly categories: readonly string[] }): string {
  return t(lang, 'alert_line', {
    minor: a.minorName,
    category: a.categories.map((k) => categoryLabel(k, lang)).join(t(lang, 'list_separator')),
  });
}

/** What the report is about: the message when it was kept, else the account that sent it. */
function subjectOf(alert: AlertDetailView): ReportSubject | undefined {
  if (alert.text !== null) {
    return {
      kind: 'content',
      contentRef: `sha256:${sha256Hex(alert.text).slice(0, 32)}`,
      snapshot: { text: alert.text },
      ...(alert.senderRef === null ? {} : { authorRef: alert.senderRef }),
    };
  }
  return alert.senderRef === null ? undefined : { kind: 'user', userRef: alert.senderRef };
}

function adviceOf(categories: readonly string[]): 'self_harm' | 'contact' | 'personal_info' {
  if (categories.includes('self_harm')) return 'self_harm';
  return categories.every((c) => c === 'personal_info') ? 'personal_info' : 'contact';
}
