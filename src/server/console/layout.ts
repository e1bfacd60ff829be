import type { ConsoleSession } from '../../store/index.js';
import { PAGES, canUse, type Page } from './access.js';
import { ASSETS } from './assets.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';
import { t, type Lang, type MessageKey } from './i18n.js';

/** Where the console is mounted; every link and form action starts here. */
export const BASE = '/console';

/** What every page needs to draw its frame. */
export interface PageFrame {
  readonly lang: Lang;
  readonly title: string;
  /** Path with query of this page, for the language switch. */
  readonly path: string;
  readonly session: ConsoleSession | null;
  readonly csrf: string;
  readonly current?: Page;
  readonly narrow?: boolean;
}

const NAV_LABELS = {
  playground: 'nav_playground',
  lexicon: 'nav_lexicon',
  keys: 'nav_keys',
  logs: 'nav_logs',
  users: 'nav_users',
  review: 'nav_review',
  stats: 'nav_stats',
} as const satisfies Record<Page, MessageKey>;

/** The hidden CSRF field every POST form carries. */
export function csrfField(csrf: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrf}" />`;
}

/** The link that shows the same page in the other language. */
function langSwitch(frame: PageFrame): SafeHtml {
  const other: Lang = frame.lang === 'zh' ? 'en' : 'zh';
  const url = new URL(frame.path, 'http://x');
  url.searchParams.set('lang', other);
  return html`<a href="${url.pathname + url.search}" lang="${other === 'zh' ? 'zh-CN' : 'en'}"
    >${t(frame.lang, 'lang_other')}</a
  >`;
}

/** A whole page: header, navigation for the user's role, the body and the language switch. */
export function renderPage(frame: PageFrame, body: HtmlValue): string {
  const { lang, session } = frame;
  const nav =
    session === null
      ? null
      : html`<nav class="pages" aria-label="${t(lang, 'nav_menu')}">
          <ul>
            ${PAGES.filter((page) => canUse(session.user.role, page)).map(
              (page) =>
                html`<li>
                  <a href="${BASE}/${page}" ${frame.current === page ? html` aria-current="page"` : null}
                    >${t(lang, NAV_LABELS[page])}</a
                  >
                </li>`,
            )}
          </ul>
        </nav>`;
  const who =
    session === null
      ? null
      : html`<span class="who"
            >${t(lang, 'signed_in_as', {
              user: session.user.username,
              role: t(lang, `role_${session.user.role}`),
            })}</span
          >
          <form class="inline" method="post" action="${BASE}/sign-out">
            ${csrfField(frame.csrf)}<button class="link" type="submit">${t(lang, 'sign_out')}</button>
          </form>`;
  return html`<!doctype html>
    <html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${frame.title} · ${t(lang, 'app_name')}</title>
        <link rel="stylesheet" href="${BASE}/assets/console.css?v=${ASSETS['console.css'].hash}" />
        <script src="${BASE}/assets/console.js?v=${ASSETS['console.js'].hash}" defer></script>
      </head>
      <body>
        <header class="top">
          <div class="bar">
            <a class="brand" href="${BASE}">${t(lang, 'app_name')}</a>
            ${who} ${langSwitch(frame)}
          </div>
        </header>
        ${nav}
        <main class="${frame.narrow === true ? 'narrow' : ''}">${body}</main>
      </body>
    </html>`.value;
}

/** A green or red notice box, or nothing. */
export function notice(kind: 'ok' | 'error', message: string | null | undefined): SafeHtml | null {
  if (message === null || message === undefined || message === '') return null;
  return html`<p class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${message}</p>`;
}
