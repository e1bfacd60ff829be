import type { Hono, MiddlewareHandler } from 'hono';
import { redirectTo, t } from '../web/index.js';
import { createPageSet } from '../web/index.js';
import { GUARDIAN_SITE, PORTAL_BASE, sendPortalError } from './respond.js';
import type { PortalDeps, PortalEnv } from './context.js';
import { portalData } from './data.js';
import { registerAlertRoutes } from './pages/alerts.js';
import { registerInteractionRoutes } from './pages/interactions.js';
import { registerMinorRoutes } from './pages/minors.js';
import { registerNotificationRoutes } from './pages/notifications.js';
import { registerPoolThemeRoutes } from './pages/pool-themes.js';
import { registerPurchaseRoutes } from './pages/purchases.js';
import { registerPrivacyPortalRoutes } from '../privacy/portal-pages.js';
import { registerSignInRoutes, type PortalCookies } from './pages/sign-in.js';
import { findPortalSession, type PortalSession } from './sessions.js';

const FORM_LIMIT_BYTES = 64 * 1024;

/**
 * The guardian portal, mounted by the app under `/guardian`: a phone-first, server-rendered site where a parent signs in (with a
 * password or a one-time code), binds a child with a binding code, and sees and sets the child's youth-mode rules, requests,
 * weekly report, alerts and change history. Every action is a plain form: nothing needs script. Built on the page kit
 * (`../web`), which also does its CSRF: the session's token once signed in, a double-submit cookie on the sign-in forms.
 */
export function createGuardianPortal(deps: PortalDeps): Hono {
  const set = createPageSet<PortalEnv>({
    deps,
    site: GUARDIAN_SITE,
    formLimitBytes: FORM_LIMIT_BYTES,
    csrfCookie: 'ql_gcsrf',
    csrfSameSite: 'Lax',
    session: {
      cookie: 'ql_guardian',
      find: (token) => findPortalSession(deps, token),
      keep: (c, found) => c.set('guardian', (found as PortalSession | null)?.guardian ?? null),
    },
    refused: (c) => {
      const lang = c.get('lang');
      return sendPortalError(c, 'forbidden', t(lang, 'error_forbidden_title'), t(lang, 'error_csrf'));
    },
    notFound: (c) => {
      const lang = c.get('lang');
      return sendPortalError(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
    },
    logName: 'guardian portal',
  });
  const { app } = set;
  const cookies: PortalCookies = {
    session: (c) => set.cookieName(c, 'ql_guardian'),
    pre: (c) => set.cookieName(c, 'ql_gcsrf'),
    options: (c) => set.cookieOptions(c),
  };

  // Unread alerts are counted on every page, for the badge beside "安全提醒" (and the home page's notice).
  const alerts = portalData(deps);
  app.use('*', async (c, next) => {
    const guardian = c.get('guardian');
    c.set('unread', guardian === null ? 0 : await alerts.unreadAlerts(guardian.id));
    await next();
  });

  app.get('/', (c) => c.redirect(c.get('guardian') === null ? `${PORTAL_BASE}/sign-in` : `${PORTAL_BASE}/minors`, 303));

  const guard: MiddlewareHandler<PortalEnv> = async (c, next) => {
    if (c.get('guardian') !== null) return next();
    if (c.req.method === 'GET') {
      const url = new URL(c.req.url);
      url.searchParams.delete('lang');
      return redirectTo(c, `${PORTAL_BASE}/sign-in`, { next: url.pathname + url.search });
    }
    const lang = c.get('lang');
    return sendPortalError(c, 'unauthenticated', t(lang, 'guardian_sign_in_title'), t(lang, 'sign_in_needed'));
  };

  registerSignInRoutes(app, deps, cookies);
  registerPrivacyPortalRoutes(app, deps, guard);
  registerMinorRoutes(app, deps, guard);
  registerAlertRoutes(app, deps, guard);
  registerPurchaseRoutes(app, deps, guard);
  registerNotificationRoutes(app, deps, guard);
  registerInteractionRoutes(app, deps, guard);
  registerPoolThemeRoutes(app, deps, guard);

  return set.mount();
}
