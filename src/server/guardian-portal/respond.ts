import type { ErrorCode } from '../../lib/index.js';
import { html, type HtmlValue } from '../console/html.js';
import { notice } from '../console/layout.js';
import { statusOf } from '../errors.js';
import type { PortalContext } from './context.js';
import { pt } from './i18n.js';
import { PORTAL_BASE, renderPortalPage, type PortalSection } from './layout.js';

/** Sends a portal page with the status that goes with the error code (or 200). */
export function sendPortalPage(
  c: PortalContext,
  title: string,
  body: HtmlValue,
  options: { readonly section?: PortalSection; readonly code?: ErrorCode } = {},
): Response {
  const url = new URL(c.req.url);
  url.searchParams.delete('lang');
  const status = options.code === undefined ? 200 : statusOf(options.code);
  const frame = {
    lang: c.get('lang'),
    title,
    path: c.req.method === 'GET' ? url.pathname + url.search : url.pathname,
    guardian: c.get('guardian'),
    csrf: c.get('csrf'),
    ...(options.section === undefined ? {} : { current: options.section }),
  };
  return c.html(renderPortalPage(frame, body), status);
}

/** A page that only explains an error, with a way back. */
export function sendPortalError(c: PortalContext, code: ErrorCode, title: string, message: string): Response {
  const lang = c.get('lang');
  return sendPortalPage(
    c,
    title,
    html`<h1>${title}</h1>
      ${notice('error', message)}
      <p><a href="${PORTAL_BASE}">${pt(lang, 'back_home')}</a></p>`,
    { code },
  );
}

/** Redirects after a successful POST, so a reload does not submit again. */
export function redirectTo(c: PortalContext, path: string, params: Readonly<Record<string, string>> = {}): Response {
  const query = new URLSearchParams(params).toString();
  return c.redirect(query === '' ? path : `${path}?${query}`, 303);
}
