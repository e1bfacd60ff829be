import type { Child, PropsWithChildren } from 'hono/jsx';
import type { HtmlEscapedString } from 'hono/utils/html';
import { ASSETS, type AssetName } from './assets.js';
import { t, type Lang, type MessageKey } from './messages.js';

/** What stays the same on every page of one page set (the console, the guardian portal, the report pages). */
export interface Site {
  /** Where the set is mounted; its assets are served under `${base}/assets/`. */
  readonly base: string;
  /** The brand in the header and the second half of every title. */
  readonly name: MessageKey;
  readonly styles: readonly AssetName[];
  readonly scripts: readonly AssetName[];
  /** Public pages ask search engines not to index them. */
  readonly noindex?: boolean;
  readonly bodyClass?: string;
}

/** One entry of the navigation bar; `badge` is a count shown beside it (unread alerts). */
export interface NavItem {
  readonly href: string;
  readonly label: string;
  readonly current: boolean;
  readonly badge?: number;
}

/** Who is signed in, shown in the header with a sign-out button. */
export interface Who {
  readonly name: string;
  readonly signOut: string;
  readonly signOutLabel: MessageKey;
}

/** What one page needs to draw its frame. */
export interface Frame {
  readonly site: Site;
  readonly lang: Lang;
  readonly title: string;
  /** Path with query of this page, for the language switch. */
  readonly path: string;
  readonly csrf: string;
  readonly nav: readonly NavItem[] | null;
  readonly who: Who | null;
  readonly mainClass?: string;
}

/** The hidden CSRF field every POST form carries. */
export function CsrfField(props: { readonly csrf: string }) {
  return <input type="hidden" name="_csrf" value={props.csrf} />;
}

/** A POST form with its CSRF field; the handler answers with a redirect (post-redirect-get) or the form again. */
export function PostForm(
  props: PropsWithChildren<{
    readonly action: string;
    readonly csrf: string;
    readonly class?: string;
    readonly id?: string;
    /** The page checks the fields itself and says what is wrong in words (the public report form). */
    readonly novalidate?: boolean;
  }>,
) {
  return (
    <form method="post" action={props.action} class={props.class} id={props.id} novalidate={props.novalidate}>
      <CsrfField csrf={props.csrf} />
      {props.children}
    </form>
  );
}

/**
 * A button for an action that cannot be undone, which first asks: the button opens a dialog that says what will happen,
 * with the real POST button and a way back. It is a `<details>`, so it works without script and under the strict CSP.
 */
export function ConfirmForm(
  props: PropsWithChildren<{
    readonly lang: Lang;
    readonly action: string;
    readonly csrf: string;
    /** The button that opens the dialog. */
    readonly label: string;
    /** What will happen, in a sentence. */
    readonly question: string;
    /** The button that does it. */
    readonly confirm: string;
    /** Where "cancel" leads: the page itself. */
    readonly back: string;
    /** True for a step that can be taken back later (locking now), which is still confirmed but not called final. */
    readonly undoable?: boolean;
  }>,
) {
  return (
    <details class="confirm">
      <summary class="danger" role="button">
        {props.label}
      </summary>
      <div class="confirm-box" role="dialog" aria-modal="true">
        <div>
          <p>{props.question}</p>
          <PostForm action={props.action} csrf={props.csrf}>
            {props.children}
            {props.undoable === true ? null : <p class="hint">{t(props.lang, 'confirm_cannot_undo')}</p>}
            <div class="buttons">
              <a href={props.back} data-cancel="">
                {t(props.lang, 'confirm_cancel')}
              </a>
              <button class="danger" type="submit">
                {props.confirm}
              </button>
            </div>
          </PostForm>
        </div>
      </div>
    </details>
  );
}

/** A table with one header row, in a box that scrolls sideways on a phone: every list page's table. */
export function DataTable(props: PropsWithChildren<{ readonly id?: string; readonly headers: readonly Child[] }>) {
  return (
    <div class="table-wrap">
      <table id={props.id}>
        <thead>
          <tr>
            {props.headers.map((h) => (
              <th>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** A green, blue or red notice box, or nothing. */
export function Notice(props: { readonly kind: 'ok' | 'info' | 'error'; readonly message: string | null | undefined }) {
  if (props.message === null || props.message === undefined || props.message === '') return null;
  return (
    <p class={`notice ${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.message}
    </p>
  );
}

/** The link that shows the same page in the other language. */
function LangSwitch(props: { readonly lang: Lang; readonly path: string }) {
  const other: Lang = props.lang === 'zh' ? 'en' : 'zh';
  const url = new URL(props.path, 'http://x');
  url.searchParams.set('lang', other);
  return (
    <a href={url.pathname + url.search} lang={other === 'zh' ? 'zh-CN' : 'en'}>
      {t(props.lang, 'lang_other')}
    </a>
  );
}

function assetUrl(site: Site, name: AssetName): string {
  return `${site.base}/assets/${name}?v=${ASSETS[name].hash}`;
}

/** A whole page: header with the brand, who is signed in and the language switch, the navigation, and the body. */
export function Document(props: { readonly frame: Frame; readonly children?: Child }) {
  const { frame } = props;
  const { site, lang } = frame;
  return (
    <html lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        {site.noindex === true ? <meta name="robots" content="noindex" /> : null}
        <title>
          {frame.title} · {t(lang, site.name)}
        </title>
        <link rel="icon" href="data:," />
        {site.styles.map((name) => (
          <link rel="stylesheet" href={assetUrl(site, name)} />
        ))}
        {site.scripts.map((name) => (
          <script src={assetUrl(site, name)} defer></script>
        ))}
      </head>
      <body class={site.bodyClass}>
        <header class="top">
          <div class="bar">
            <a class="brand" href={site.base}>
              {t(lang, site.name)}
            </a>
            {frame.who === null ? null : (
              <>
                <span class="who">{frame.who.name}</span>
                <PostForm action={frame.who.signOut} csrf={frame.csrf} class="inline">
                  <button class="link" type="submit">
                    {t(lang, frame.who.signOutLabel)}
                  </button>
                </PostForm>
              </>
            )}
            <LangSwitch lang={lang} path={frame.path} />
          </div>
        </header>
        {frame.nav === null ? null : (
          <nav class="pages" aria-label={t(lang, 'nav_menu')}>
            <ul>
              {frame.nav.map((item) => (
                <li>
                  <a href={item.href} aria-current={item.current ? 'page' : undefined}>
                    {item.label}
                    {item.badge === undefined || item.badge === 0 ? null : (
                      <span class="badge" aria-label={t(lang, 'unread_count', { count: item.badge })}>
                        {item.badge > 99 ? '99+' : item.badge}
                      </span>
                    )}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main class={frame.mainClass}>{props.children}</main>
      </body>
    </html>
  );
}

/** A kit element as markup. Every kit component is synchronous, so rendering is too. */
export function markupOf(element: HtmlEscapedString | Promise<HtmlEscapedString>): string {
  if (element instanceof Promise) throw new Error('a page component rendered asynchronously');
  return element.toString();
}

/** The page as markup, ready to send. */
export function renderDocument(frame: Frame, body: Child): string {
  return `<!doctype html>${markupOf(<Document frame={frame}>{body}</Document>)}`;
}
