import type { Child } from 'hono/jsx';
import type { ErrorCode } from '../../lib/index.js';
import { sendSitePage, type Site } from '../web/index.js';
import type { ReportContext } from './context.js';

/** Where the public report pages are mounted. */
export const REPORT_BASE = '/report';

/** The public report pages as a page set of the kit: no navigation, no sign-in, not for search engines. */
export const REPORT_SITE: Site = {
  base: REPORT_BASE,
  name: 'report_site_name',
  styles: ['console.css'],
  scripts: ['console.js'],
  noindex: true,
  bodyClass: 'public',
};

/** Sends a public page with the status that goes with the error code (or 200). */
export function sendReportPage(c: ReportContext, title: string, body: Child, code?: ErrorCode): Response {
  return sendSitePage(c, REPORT_SITE, { nav: null, who: null }, title, body, {
    mainClass: 'narrow wide-form',
    ...(code === undefined ? {} : { code }),
  });
}
