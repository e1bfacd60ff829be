import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { randomSecret } from '../../store/index.js';
import { ASSETS } from '../console/assets.js';
import type { Form } from '../console/context.js';
import { escapeHtml } from '../console/html.js';
import { isLang, type Lang } from '../console/i18n.js';
import { PAGE_SECURITY_HEADERS, hostOf, sameToken } from '../web-security.js';
import { PORTAL_ASSETS } from './assets.js';
import type { PortalContext, PortalDeps, PortalEnv } from './context.js';
import { pt } from './i18n.js';
import { PORTAL_BASE } from './layout.js';
import { registerSignInRoutes, type PortalCookies } from './pages/sign-in.js';
import { registerMinorRoutes } from './pages/minors.js';
import { registerAlertRoutes } from './pages/alerts.js';
import { redirectTo, sendPortalError } from './respond.js';
import { findPortalSession } from './sessions.js';

const LANG_COOKIE = 'ql_lang';
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
  const secureByConfig = deps.config.publicUrl.startsWith('https:');
  const publicHost = new URL(deps.config.publicUrl).host;

  const isSecure = (c: PortalContext): boolean => {
    if (secureByConfig) return true;
    const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    return forwarded === 'https' || new URL(c.req.url).protocol === 'https:';
  };
  const cookies: PortalCookies = {
    // The __Host- prefix pins a cookie to this host, path / and https; plain http (local development) cannot use it.
    session: (c) => (isSecure(c) ? '__Host-ql_guardian' : 'ql_guardian'),
    pre: (c) => (isSecure(c) ? '__Host-ql_gcsrf' : 'ql_gcsrf'),
    options: (c) => ({ path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecure(c) }) as const,
  };

  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) c.header(name, value);
    if (!c.req.path.startsWith(`${PORTAL_BASE}/assets/`)) c.header('Cache-Control', 'no-store');
  });

  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    if (!Object.hasOwn(SERVED_ASSETS, name)) return c.text('Not Found', 404);
    const asset = SERVED_ASSETS[name as keyof typeof SERVED_ASSETS];
    const etag = `"${asset.hash}"`;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return c.body(asset.body, 200, {
      'Content-Type': asset.type,
      ETag: etag,
      'Cache-Control': 'public, max-age=86400',
    });
  });

  const lang: MiddlewareHandler<PortalEnv> = async (c, next) => {
    const asked = c.req.query('lang');
    let chosen: Lang = 'zh';
    if (isLang(asked)) {
      chosen = asked;
      setCookie(c, LANG_COOKIE, asked, { path: '/', sameSite: 'Lax', maxAge: 365 * 86_400, secure: isSecure(c) });
    } else {
      const saved = getCookie(c, LANG_COOKIE);
      if (isLang(saved)) chosen = saved;
    }
    c.set('lang', chosen);
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
    const origin = c.req.header('origin');
    const ours = [new URL(c.req.url).host, publicHost];
    if (origin !== undefined && origin !== 'null' && !ours.includes(hostOf(origin) ?? '')) return refuse();
    if (c.req.header('sec-fetch-site') === 'cross-site') return refuse();
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
