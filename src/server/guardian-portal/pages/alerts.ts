import type { Hono, MiddlewareHandler } from 'hono';
import { categoryLabel, csrfField, formatTime, html, t, redirectTo } from '../../web/index.js';
import { PORTAL_BASE, sendPortalError, sendPortalPage } from '../respond.js';
import type { PortalDeps, PortalEnv } from '../context.js';
import { portalData } from '../data.js';

/** The alerts inbox: risk aimed at any of the guardian's children, newest first; reading one marks it read. */
export function registerAlertRoutes(app: Hono<PortalEnv>, deps: PortalDeps, guard: MiddlewareHandler<PortalEnv>) {
  const data = portalData(deps);

  app.get('/alerts', guard, async (c) => {
    const lang = c.get('lang');
    const guardianId = c.get('guardian')?.id ?? '';
    const alerts = await data.alerts(guardianId);
    const csrf = csrfField(c.get('csrf'));
    const body = html`<h1>${t(lang, 'alerts_title')}</h1>
      <p class="intro">${t(lang, 'alerts_intro')} ${t(lang, 'times_beijing')}</p>
      ${
        alerts.length === 0
          ? html`<p class="card">${t(lang, 'alerts_none')}</p>`
          : html`<ul class="plain cards" id="alerts">
              ${alerts.map(
                (a) =>
                  html`<li>
                    <h3>
                      ${a.readAt === null ? html`<span class="badge">${t(lang, 'alert_unread')}</span> ` : null}
                      ${t(lang, 'alert_line', {
                        minor: a.minorName,
                        category: a.categories.map((k) => categoryLabel(k, lang)).join(t(lang, 'list_separator')),
                      })}
                    </h3>
                    <p class="muted">${formatTime(a.createdAt)}</p>
                    <p class="hint">${t(lang, `alert_advice_${adviceOf(a.categories)}`)}</p>
                    ${
                      a.readAt === null
                        ? html`<form method="post" action="${PORTAL_BASE}/alerts/${a.id}/read">
                            ${csrf}<button class="secondary" type="submit">${t(lang, 'alert_mark_read')}</button>
                          </form>`
                        : null
                    }
                  </li>`,
              )}
            </ul>`
      }`;
    return sendPortalPage(c, t(lang, 'alerts_title'), body, { section: 'alerts' });
  });

  app.post('/alerts/:alertId/read', guard, async (c) => {
    const lang = c.get('lang');
    const found = await data.markAlertRead(c.get('guardian')?.id ?? '', c.req.param('alertId'));
    if (!found) return sendPortalError(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
    return redirectTo(c, `${PORTAL_BASE}/alerts`);
  });
}

function adviceOf(categories: readonly string[]): 'self_harm' | 'contact' {
  return categories.includes('self_harm') ? 'self_harm' : 'contact';
}
