import type { Hono, MiddlewareHandler } from 'hono';
import { html } from '../../console/html.js';
import { categoryLabel } from '../../console/labels.js';
import { formatTime } from '../../console/respond.js';
import type { PortalDeps, PortalEnv } from '../context.js';
import { portalData } from '../data.js';
import { pt } from '../i18n.js';
import { PORTAL_BASE, csrfField } from '../layout.js';
import { redirectTo, sendPortalError, sendPortalPage } from '../respond.js';

/** The alerts inbox: risk aimed at any of the guardian's children, newest first; reading one marks it read. */
export function registerAlertRoutes(app: Hono<PortalEnv>, deps: PortalDeps, guard: MiddlewareHandler<PortalEnv>) {
  const data = portalData(deps);

  app.get('/alerts', guard, async (c) => {
    const lang = c.get('lang');
    const guardianId = c.get('guardian')?.id ?? '';
    const alerts = await data.alerts(guardianId);
    const csrf = csrfField(c.get('csrf'));
    const body = html`<h1>${pt(lang, 'alerts_title')}</h1>
      <p class="intro">${pt(lang, 'alerts_intro')} ${pt(lang, 'times_beijing')}</p>
      ${
        alerts.length === 0
          ? html`<p class="card">${pt(lang, 'alerts_none')}</p>`
          : html`<ul class="plain cards" id="alerts">
              ${alerts.map(
                (a) =>
                  html`<li>
                    <h3>
                      ${a.readAt === null ? html`<span class="badge">${pt(lang, 'alert_unread')}</span> ` : null}
                      ${pt(lang, 'alert_line', {
                        minor: a.minorName,
                        category: a.categories.map((k) => categoryLabel(k, lang)).join(pt(lang, 'list_separator')),
                      })}
                    </h3>
                    <p class="muted">${formatTime(a.createdAt)}</p>
                    <p class="hint">${pt(lang, `alert_advice_${adviceOf(a.categories)}`)}</p>
                    ${
                      a.readAt === null
                        ? html`<form method="post" action="${PORTAL_BASE}/alerts/${a.id}/read">
                            ${csrf}<button class="secondary" type="submit">${pt(lang, 'alert_mark_read')}</button>
                          </form>`
                        : null
                    }
                  </li>`,
              )}
            </ul>`
      }`;
    return sendPortalPage(c, pt(lang, 'alerts_title'), body, { section: 'alerts' });
  });

  app.post('/alerts/:alertId/read', guard, async (c) => {
    const lang = c.get('lang');
    const found = await data.markAlertRead(c.get('guardian')?.id ?? '', c.req.param('alertId'));
    if (!found) return sendPortalError(c, 'not_found', pt(lang, 'error_not_found_title'), pt(lang, 'error_not_found'));
    return redirectTo(c, `${PORTAL_BASE}/alerts`);
  });
}

function adviceOf(categories: readonly string[]): 'self_harm' | 'contact' {
  return categories.includes('self_harm') ? 'self_harm' : 'contact';
}
