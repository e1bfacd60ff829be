import type { Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Asset } from './web/assets.js';
import { isLang, type Lang } from './web/messages.js';
import { PAGE_SECURITY_HEADERS, hostOf } from './web-security.js';

/**
 * What the console, the guardian portal and the public report pages share: security headers on every page, `no-store`
 * outside the stylesheets and scripts, and those served by content hash with an ETag. `base` is where the set is mounted.
 */
export function servePageBasics(
  // Each page set keeps its own context variables, so any Env goes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  app: Hono<any>,
  base: string,
  assets: Readonly<Record<string, Asset>>,
): void {
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) c.header(name, value);
    if (!c.req.path.startsWith(`${base}/assets/`)) c.header('Cache-Control', 'no-store');
  });
  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    if (!Object.hasOwn(assets, name)) return c.text('Not Found', 404);
    const asset = assets[name]!;
    const etag = `"${asset.hash}"`;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return c.body(asset.body, 200, {
      'Content-Type': asset.type,
      ETag: etag,
      'Cache-Control': 'public, max-age=86400',
    });
  });
}

/**
 * Whether a request reached us over https: the configured public URL, the URL itself, or, behind trusted proxies only
 * (TRUST_PROXY_HOPS > 0), a proxy's X-Forwarded-Proto; without them anyone can write that header.
 */
export function secureTest(publicUrl: string, trustProxyHops = 0): (c: Context) => boolean {
  const secureByConfig = publicUrl.startsWith('https:');
  return (c) => {
    if (secureByConfig) return true;
    const forwarded = trustProxyHops > 0 ? c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
    return forwarded === 'https' || new URL(c.req.url).protocol === 'https:';
  };
}

const LANG_COOKIE = 'ql_lang';

/** The visitor's language: `?lang=` (remembered in a cookie for a year), else the remembered one, else Chinese. */
export function chooseLang(c: Context, secure: boolean): Lang {
  const asked = c.req.query('lang');
  if (isLang(asked)) {
    setCookie(c, LANG_COOKIE, asked, { path: '/', sameSite: 'Lax', maxAge: 365 * 86_400, secure });
    return asked;
  }
  const saved = getCookie(c, LANG_COOKIE);
  return isLang(saved) ? saved : 'zh';
}

/**
 * Whether a POST may come from another site: its Origin names a host other than ours (the request's, or the configured
 * public one behind a proxy), or the browser says Sec-Fetch-Site: cross-site.
 */
export function isCrossSite(c: Context, publicHost: string): boolean {
  const origin = c.req.header('origin');
  const ours = [new URL(c.req.url).host, publicHost];
  if (origin !== undefined && origin !== 'null' && !ours.includes(hostOf(origin) ?? '')) return true;
  return c.req.header('sec-fetch-site') === 'cross-site';
}
