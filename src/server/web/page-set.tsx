import { Hono, type Context, type Env, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import type { ErrorCode } from '../../lib/index.js';
import { randomSecret } from '../../store/index.js';
import { statusOf } from '../errors.js';
import type { ServiceDeps } from '../service-deps.js';
import { chooseLang, isCrossSite, secureTest, servePageBasics } from '../web-pages.js';
import { sameToken } from '../web-security.js';
import { ASSETS } from './assets.js';
import type { Form, WebEnv } from './context.js';
import { Notice, markupOf, renderDocument, type NavItem, type Site, type Who } from './layout.js';
import { t, type Lang, type MessageKey } from './messages.js';

/** The navigation and the signed-in person a page set draws around each page. */
export interface Chrome {
  readonly nav: readonly NavItem[] | null;
  readonly who: Who | null;
}

/** How a page set finds its session from a cookie token; the session's own CSRF token then replaces the cookie one. */
export interface SessionLookup<E extends Env> {
  /** The cookie name without its `__Host-` prefix, which is added over https. */
  readonly cookie: string;
  find(token: string): Promise<{ readonly csrfToken: string } | null>;
  /** Puts what was found (or null) into the context. */
  keep(c: Context<E>, found: { readonly csrfToken: string } | null): void;
}

/** Options of one page set. */
export interface PageSetOptions<E extends Env> {
  readonly deps: ServiceDeps;
  readonly site: Site;
  readonly formLimitBytes: number;
  /** The pre-session (double-submit) CSRF cookie, without its `__Host-` prefix. */
  readonly csrfCookie: string;
  /** Strict for pages that never need to be entered signed-in from a link elsewhere (the public report form). */
  readonly csrfSameSite: 'Lax' | 'Strict';
  readonly session?: SessionLookup<E>;
  /** What a refused POST (cross-site, or a missing or wrong token) answers; the form is what was typed. */
  refused(c: Context<E>, form: Form): Response | Promise<Response>;
  /** A page for a URL inside the set that matches nothing. */
  notFound(c: Context<E>): Response;
  /** The name the log gives a failed request of this set. */
  readonly logName: string;
}

/** A page set: its app with every route it shares already installed, and the helpers its routes answer with. */
export interface PageSet<E extends Env> {
  readonly app: Hono<E>;
  /** Whether the request came over https (for cookie names and flags). */
  isSecure(c: Context): boolean;
  /** A cookie name, with the `__Host-` prefix over https, which pins it to this host, path / and https. */
  cookieName(c: Context, name: string): string;
  cookieOptions(c: Context): { path: '/'; httpOnly: true; sameSite: 'Lax'; secure: boolean };
  /** Mounts the set: the app mounts plain Hono apps, and the set's own variables stay inside it. */
  mount(): Hono;
}

/**
 * Creates a page set with what the console, the guardian portal and the report pages share: security headers, assets,
 * a form size limit, the language, CSRF tokens and their check before any POST route runs, and a 500 page.
 *
 * @NOTE CSRF: a signed-in form carries the session's synchronizer token (kept in the session row); a form shown before any
 * session exists uses a double-submit cookie. A cross-site Origin or Sec-Fetch-Site is refused before either.
 */
export function createPageSet<E extends WebEnv>(options: PageSetOptions<E>): PageSet<E> {
  const { deps, site } = options;
  const app = new Hono<E>();
  const publicHost = new URL(deps.config.publicUrl).host;
  const isSecure = secureTest(deps.config.publicUrl, deps.config.trustProxyHops);
  const cookieName = (c: Context, name: string): string => (isSecure(c) ? `__Host-${name}` : name);
  const cookieOptions = (c: Context) => ({ path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecure(c) }) as const;

  servePageBasics(app, site.base, ASSETS);

  const lang: MiddlewareHandler<E> = async (c, next) => {
    c.set('secure', isSecure(c));
    c.set('lang', chooseLang(c, isSecure(c)));
    c.set('switchPath', c.req.method === 'GET' ? pathOf(c) : nearestGetPage(app, site.base, c.req.path));
    await next();
  };

  const tokens: MiddlewareHandler<E> = async (c, next) => {
    const lookup = options.session;
    if (lookup !== undefined) {
      const name = cookieName(c, lookup.cookie);
      const token = getCookie(c, name);
      const found = token === undefined || token === '' ? null : await lookup.find(token);
      if (token !== undefined && found === null) deleteCookie(c, name, cookieOptions(c));
      lookup.keep(c, found);
      if (found !== null) {
        c.set('csrf', found.csrfToken);
        return next();
      }
    }
    const name = cookieName(c, options.csrfCookie);
    let pre = getCookie(c, name);
    if (pre === undefined || !/^[A-Za-z0-9_-]{43}$/.test(pre)) {
      pre = randomSecret(32);
      setCookie(c, name, pre, { ...cookieOptions(c), sameSite: options.csrfSameSite });
    }
    c.set('csrf', pre);
    return next();
  };

  const csrf: MiddlewareHandler<E> = async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const type = c.req.header('content-type') ?? '';
    const body = type.startsWith('application/x-www-form-urlencoded') ? await c.req.text() : '';
    const fields = new URLSearchParams(body);
    const form: Form = { get: (name) => fields.get(name) ?? '', getAll: (name) => fields.getAll(name) };
    if (isCrossSite(c, publicHost) || !sameToken(form.get('_csrf'), c.get('csrf'))) return options.refused(c, form);
    c.set('form', form);
    return next();
  };

  app.use(
    '*',
    bodyLimit({ maxSize: options.formLimitBytes, onError: (c) => c.text('Payload Too Large', 413) }),
    lang,
    tokens,
    csrf,
  );

  app.onError((error, c) => {
    deps.log.error({ err: error, path: c.req.path }, `${options.logName} request failed`);
    const chosen = (c.get('lang') as Lang | undefined) ?? 'zh';
    const page = (
      <>
        <meta charset="utf-8" />
        <title>500</title>
        <p>{t(chosen, 'error_internal')}</p>
      </>
    );
    return c.html(`<!doctype html>${markupOf(page)}`, 500);
  });

  return {
    app,
    isSecure,
    cookieName,
    cookieOptions,
    mount() {
      // Mounted routes fall through to the app's JSON 404; inside a page set a person should see a page.
      app.all('*', (c) => {
        if (c.req.path === `${site.base}/` && c.req.method === 'GET') return c.redirect(site.base, 301);
        return options.notFound(c);
      });
      const mounted = new Hono();
      mounted.route('/', app);
      return mounted;
    },
  };
}

/** This page's path and query without `lang`, for the language switch. */
export function pathOf(c: Context): string {
  const url = new URL(c.req.url);
  url.searchParams.delete('lang');
  return url.pathname + url.search;
}

function routeMatches(pattern: string, path: string): boolean {
  if (pattern.includes('*')) return false;
  const want = pattern.split('/');
  const have = path.split('/');
  return want.length === have.length && want.every((part, i) => part.startsWith(':') || part === have[i]);
}

/**
 * The page a POST's answer switches language to: the POST's own path when a page answers GET there (a form shown again),
 * else the nearest enclosing path that does (`/alerts/x/report` → `/alerts/x`), else the set's home. A POST-only path
 * would answer the switch with "not found".
 */
export function nearestGetPage(
  app: { readonly routes: readonly { readonly method: string; readonly path: string }[] },
  base: string,
  path: string,
): string {
  const gets = app.routes.filter((r) => r.method === 'GET').map((r) => r.path);
  let inner = path.startsWith(base) ? path.slice(base.length) : path;
  while (inner !== '' && inner !== '/') {
    const candidate = inner;
    if (gets.some((p) => routeMatches(p, candidate) || routeMatches(p, base + candidate))) return base + candidate;
    inner = inner.replace(/\/[^/]*$/, '');
  }
  return base === '' ? '/' : base;
}

/** Options of one page's answer. */
export interface PageOptions {
  /** The error the page explains: its status goes with the code. */
  readonly code?: ErrorCode;
  readonly mainClass?: string;
}

/** Sends a page of the set, with the status that goes with the error code (or 200). */
export function sendSitePage<E extends WebEnv>(
  c: Context<E>,
  site: Site,
  chrome: Chrome,
  title: string,
  body: Child,
  options: PageOptions = {},
): Response {
  const status = options.code === undefined ? 200 : statusOf(options.code);
  const web = c as unknown as Context<WebEnv>;
  const frame = {
    site,
    lang: web.get('lang'),
    title,
    path: (web.get('switchPath') as string | undefined) ?? pathOf(c),
    csrf: web.get('csrf'),
    ...chrome,
    ...(options.mainClass === undefined ? {} : { mainClass: options.mainClass }),
  };
  return c.html(renderDocument(frame, body), status);
}

/** The body of a page that only explains an error, with a way back. */
export function ErrorBody(props: { readonly title: string; readonly message: string; readonly back: Child }) {
  return (
    <>
      <h1>{props.title}</h1>
      <Notice kind="error" message={props.message} />
      <p>{props.back}</p>
    </>
  );
}

/** Redirects after a POST (post-redirect-get), so a reload does not submit again; `done` names the flash message. */
export function redirectTo(c: Context, path: string, params: Readonly<Record<string, string>> = {}): Response {
  const query = new URLSearchParams(params).toString();
  return c.redirect(query === '' ? path : `${path}?${query}`, 303);
}

/**
 * The flash message a page shows after a redirect: `?done=name` picks the message from the page's own table, so a link
 * cannot make a page say anything else.
 */
export function flashOf<E extends WebEnv>(
  c: Context<E>,
  table: Readonly<Record<string, MessageKey>>,
  params: Readonly<Record<string, string | number>> = {},
): string | undefined {
  const done = c.req.query('done');
  if (done === undefined || !Object.hasOwn(table, done)) return undefined;
  return t((c as unknown as Context<WebEnv>).get('lang'), table[done]!, params);
}

const ONCE_COOKIE = 'ql_once';

/**
 * Hands a secret (a new API key) to the page a POST redirects to, once: an HttpOnly cookie on that page's path only, read
 * and cleared there. So the POST can answer with a redirect, and a reload shows no secret and creates nothing again.
 */
export function passOnce<E extends WebEnv>(c: Context<E>, path: string, value: string): void {
  const secure = (c as unknown as Context<WebEnv>).get('secure');
  setCookie(c, ONCE_COOKIE, value, { path, httpOnly: true, sameSite: 'Strict', secure, maxAge: 300 });
}

/** The secret `passOnce` handed to this page, cleared as it is read; undefined when there is none. */
export function takeOnce<E extends WebEnv>(c: Context<E>, path: string): string | undefined {
  const value = getCookie(c, ONCE_COOKIE);
  if (value === undefined) return undefined;
  const secure = (c as unknown as Context<WebEnv>).get('secure');
  deleteCookie(c, ONCE_COOKIE, { path, httpOnly: true, sameSite: 'Strict', secure });
  return value === '' ? undefined : value;
}
