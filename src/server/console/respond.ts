import type { ErrorCode } from '../../lib/index.js';
import { statusOf } from '../errors.js';
import type { Page } from './access.js';
import type { ConsoleContext } from './context.js';
import { BASE, notice, renderPage, type PageFrame } from './layout.js';
import { html, type HtmlValue } from './html.js';
import { t } from './i18n.js';

/** The frame of the current request's page. */
export function frameOf(c: ConsoleContext, title: string, current?: Page, narrow?: boolean): PageFrame {
  const url = new URL(c.req.url);
  url.searchParams.delete('lang');
  return {
    lang: c.get('lang'),
    title,
    path: c.req.method === 'GET' ? url.pathname + url.search : url.pathname,
    session: c.get('session'),
    csrf: c.get('csrf'),
    ...(current === undefined ? {} : { current }),
    ...(narrow === undefined ? {} : { narrow }),
  };
}

/** Sends a page with the status that goes with the error code (or 200). */
export function sendPage(
  c: ConsoleContext,
  title: string,
  body: HtmlValue,
  options: { readonly page?: Page; readonly narrow?: boolean; readonly code?: ErrorCode } = {},
): Response {
  const status = options.code === undefined ? 200 : statusOf(options.code);
  return c.html(renderPage(frameOf(c, title, options.page, options.narrow), body), status);
}

/** A page that only explains an error, with a way back. */
export function sendErrorPage(c: ConsoleContext, code: ErrorCode, title: string, message: string): Response {
  const lang = c.get('lang');
  return sendPage(
    c,
    title,
    html`<h1>${title}</h1>
      ${notice('error', message)}
      <p><a href="${BASE}">${t(lang, 'back_home')}</a></p>`,
    { code, narrow: true },
  );
}

/** Redirects after a successful POST, so a reload does not submit again. */
export function redirectTo(c: ConsoleContext, path: string, params: Readonly<Record<string, string>> = {}): Response {
  const query = new URLSearchParams(params).toString();
  return c.redirect(query === '' ? path : `${path}?${query}`, 303);
}

const BEIJING_OFFSET_MS = 8 * 60 * 60_000;

/** A time as Beijing time, `YYYY-MM-DD HH:mm` (China keeps no daylight saving, so a fixed offset is exact). */
export function formatTime(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** A `datetime-local` value read as Beijing time; undefined when empty or not a time. */
export function parseLocalTime(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return undefined;
  const ms = Date.parse(`${value}:00+08:00`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A time as a `datetime-local` value in Beijing time. */
export function toLocalTimeValue(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 16);
}
