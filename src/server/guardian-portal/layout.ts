import { ASSETS } from '../console/assets.js';
import { html, type HtmlValue, type SafeHtml } from '../console/html.js';
import type { Lang } from '../console/i18n.js';
import { PORTAL_ASSETS } from './assets.js';
import type { PortalGuardian } from './context.js';
import { pt } from './i18n.js';

/** Where the portal is mounted; every link and form action starts here. */
export const PORTAL_BASE = '/guardian';

/** The portal's top-level sections, for the navigation. */
export type PortalSection = 'minors' | 'bind' | 'alerts';

/** What every portal page needs to draw its frame. */
export interface PortalFrame {
  readonly lang: Lang;
  readonly title: string;
  /** Path with query of this page, for the language switch. */
  readonly path: string;
  readonly guardian: PortalGuardian | null;
  readonly csrf: string;
  readonly current?: PortalSection;
}

const NAV = [
  ['minors', 'nav_minors'],
  ['bind', 'nav_bind'],
  ['alerts', 'nav_alerts'],
] as const;

/** The hidden CSRF field every POST form carries. */
export function csrfField(csrf: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrf}" />`;
}

function langSwitch(frame: PortalFrame): SafeHtml {
  const other: Lang = frame.lang === 'zh' ? 'en' : 'zh';
  const url = new URL(frame.path, 'http://x');
  url.searchParams.set('lang', other);
  return html`<a href="${url.pathname + url.search}" lang="${other === 'zh' ? 'zh-CN' : 'en'}"
    >${pt(frame.lang, 'lang_other')}</a
  >`;
}

/** A whole portal page: header, the guardian's sections, the body and the language switch. No script. */
export function renderPortalPage(frame: PortalFrame, body: HtmlValue): string {
  const { lang, guardian } = frame;
  const nav =
    guardian === null
      ? null
      : html`<nav class="pages" aria-label="${pt(lang, 'nav_menu')}">
          <ul>
            ${NAV.map(
              ([section, label]) =>
                html`<li>
                  <a href="${PORTAL_BASE}/${section}" ${frame.current === section ? html` aria-current="page"` : null}
                    >${pt(lang, label)}</a
                  >
                </li>`,
            )}
          </ul>
        </nav>`;
  const who =
    guardian === null
      ? null
      : html`<span class="who">${guardian.displayName}</span>
          <form class="inline" method="post" action="${PORTAL_BASE}/sign-out">
            ${csrfField(frame.csrf)}<button class="link" type="submit">${pt(lang, 'sign_out')}</button>
          </form>`;
  return html`<!doctype html>
    <html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${frame.title} · ${pt(lang, 'app_name')}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="${PORTAL_BASE}/assets/console.css?v=${ASSETS['console.css'].hash}" />
        <link rel="stylesheet" href="${PORTAL_BASE}/assets/guardian.css?v=${PORTAL_ASSETS['guardian.css'].hash}" />
      </head>
      <body>
        <header class="top">
          <div class="bar">
            <a class="brand" href="${PORTAL_BASE}">${pt(lang, 'app_name')}</a>
            ${who} ${langSwitch(frame)}
          </div>
        </header>
        ${nav}
        <main>${body}</main>
      </body>
    </html>`.value;
}
