import { ASSETS } from '../console/assets.js';
import { html, type HtmlValue, type SafeHtml } from '../console/html.js';
import { t, type Lang } from '../console/i18n.js';

/** Where the public report pages are mounted. */
export const REPORT_BASE = '/report';

/** What a public page needs to draw its frame. */
export interface ReportFrame {
  readonly lang: Lang;
  readonly title: string;
  /** Path with query of this page, for the language switch. */
  readonly path: string;
}

/** The hidden field every form on these pages carries (a double-submit token, see create-report-pages.ts). */
export function formTokenField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}

function langSwitch(frame: ReportFrame): SafeHtml {
  const other: Lang = frame.lang === 'zh' ? 'en' : 'zh';
  const url = new URL(frame.path, 'http://x');
  url.searchParams.set('lang', other);
  return html`<a href="${url.pathname + url.search}" lang="${other === 'zh' ? 'zh-CN' : 'en'}"
    >${t(frame.lang, 'lang_other')}</a
  >`;
}

/** A whole public page: a plain header with the language switch, no console navigation, the same stylesheet. */
export function renderReportPage(frame: ReportFrame, body: HtmlValue): string {
  const { lang } = frame;
  return html`<!doctype html>
    <html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>${frame.title} · ${t(lang, 'report_site_name')}</title>
        <link rel="stylesheet" href="${REPORT_BASE}/assets/console.css?v=${ASSETS['console.css'].hash}" />
      </head>
      <body class="public">
        <header class="top">
          <div class="bar">
            <a class="brand" href="${REPORT_BASE}">${t(lang, 'report_site_name')}</a>
            ${langSwitch(frame)}
          </div>
        </header>
        <main class="narrow wide-form">${body}</main>
      </body>
    </html>`.value;
}
