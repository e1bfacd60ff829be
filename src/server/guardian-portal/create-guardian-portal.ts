import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { randomSecret } from '../../store/index.js';
import { ASSETS } from '../console/assets.js';
import type { Form } from '../console/context.js';
import { escapeHtml } from '../console/html.js';
import type { Lang } from '../console/i18n.js';
import { chooseLang, isCrossSite, secureTest, servePageBasics } from '../web-pages.js';
import { sameToken } from '../web-security.js';
import { PORTAL_ASSETS } from './assets.js';
import type { PortalDeps, PortalEnv } from './context.js';
import { pt } from './i18n.js';
import { PORTAL_BASE } from './layout.js';
import { registerSignInRoutes, type PortalCookies } from './pages/sign-in.js';
import { registerMinorRoutes } from './pages/minors.js';
import { registerAlertRoutes } from './pages/alerts.js';
import { redirectTo, sendPortalError } from './respond.js';
import { findPortalSession } from './sessions.js';

const FORM_LIMIT_BYTES = 64 * 1024;
const SERVED_ASSETS = { ...ASSETS, ...PORTAL_ASSETS } as const;

/**
 * The guardian portal, mounted by the app under `/guardian`: a phone-first, server-rendered site where a parent signs in (with a
 * password or a one-time code), binds a child with a binding code, and sees and sets the child's youth-mode rules, requests,
 * weekly report, alerts and change history. Every action is a plain form: nothing needs script.
 *
 * @NOTE CSRF: a signed-in form carries the session's synchronizer token (kept in the guardian session row); the sign-in
 * forms, which run before any session exists, use a double-submit cookie. A cross-site Origin is refused before either.
 */
export function createGuardianPortal(deps: PortalDeps): Hono {
  const app = new Hono<PortalEnv>();
  const publicHost = new URL(deps.config.publicUrl).host;
  const isSecure = secureTest(deps.config.publicUrl);
  const cookies: PortalCookies = {
    // The __Host- prefix pins a cookie to this host, path / and https; plain http (local development) cannot use it.
    session: (c) => (isSecure(c) ? '__Host-ql_guardian' : 'ql_guardian'),
    pre: (c) => (isSecure(c) ? '__Host-ql_gcsrf' : 'ql_gcsrf'),
    options: (c) => ({ path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecure(c) }) as const,
  };

  servePageBasics(app, PORTAL_BASE, SERVED_ASSETS);

  const lang: MiddlewareHandler<PortalEnv> = async (c, next) => {
    c.set('lang', chooseLang(c, isSecure(c)));
    await next();
  };

  const session: MiddlewareHandler<PortalEnv> = async (c, next) => {
    const token = getCookie(c, cookies.session(c));
    const found = token === undefined || token === '' ? null : await findPortalSession(deps, token);
    if (token !== undefined && found === null) deleteCookie(c, cookies.session(c), cookies.options(c));
    c.set('guardian', found?.guardian ?? null);
    if (found !== null) {
      c.set('csrf', found.csrfToken);
    } else {
      let pre = getCookie(c, cookies.pre(c));
      if (pre === undefined || !/^[A-Za-z0-9_-]{43}$/.test(pre)) {
        pre = randomSecret(32);
        setCookie(c, cookies.pre(c), pre, cookies.options(c));
      }
      c.set('csrf', pre);
    }
    await next();
  };

  const csrf: MiddlewareHandler<PortalEnv> = async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const lang = c.get('lang');
    const refuse = (): Response =>
      sendPortalError(c, 'forbidden', pt(lang, 'error_forbidden_title'), pt(lang, 'error_csrf'));
    if (isCrossSite(c, publicHost)) return refuse();
    const type = c.req.header('content-type') ?? '';
    const body = type.startsWith('application/x-www-form-urlencoded') ? await c.req.text() : '';
    const fields = new URLSearchParams(body);
    const form: Form = { get: (name) => fields.get(name) ?? '', getAll: (name) => fields.getAll(name) };
    if (!sameToken(form.get('_csrf'), c.get('csrf'))) return refuse();
    c.set('form', form);
    return next();
  };

  app.use(
    '*',
    bodyLimit({ maxSize: FORM_LIMIT_BYTES, onError: (c) => c.text('Payload Too Large', 413) }),
    lang,
    session,
    csrf,
  );

  app.onError((error, c) => {
    deps.log.error({ err: error, path: c.req.path }, 'guardian portal request failed');
    const lang = (c.get('lang') as Lang | undefined) ?? 'zh';
    return c.html(
      `<!doctype html><meta charset="utf-8"><title>500</title><p>${escapeHtml(pt(lang, 'error_internal'))}</p>`,
      500,
    );
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
    return sendPortalError(c, 'unauthenticated', pt(lang, 'sign_in_title'), pt(lang, 'sign_in_needed'));
  };

  registerSignInRoutes(app, deps, cookies);
  registerMinorRoutes(app, deps, guard);
  registerAlertRoutes(app, deps, guard);

  // Mounted routes fall through to the app's JSON 404; inside the portal a person should see a page.
  app.all('*', (c) => {
    if (c.req.path === `${PORTAL_BASE}/` && c.req.method === 'GET') return c.redirect(PORTAL_BASE, 301);
    const lang = c.get('lang');
    return sendPortalError(c, 'not_found', pt(lang, 'error_not_found_title'), pt(lang, 'error_not_found'));
  });

  const mounted = new Hono();
  mounted.route('/', app);
  return mounted;
}
