import type { Child } from 'hono/jsx';
import type { ErrorCode } from '../../lib/index.js';
import { ErrorBody, sendSitePage, t, type Chrome, type Site } from '../web/index.js';
import { PAGES, canUse, type Page } from './access.js';
import type { ConsoleContext } from './context.js';

/** Where the console is mounted; every link and form action starts here. */
export const BASE = '/console';

/** The console as a page set of the kit. */
export const CONSOLE_SITE: Site = {
  base: BASE,
  name: 'app_name',
  styles: ['console.css'],
  scripts: ['console.js'],
};

const NAV_LABELS = {
  playground: 'nav_playground',
  lexicon: 'nav_lexicon',
  keys: 'nav_keys',
  logs: 'nav_logs',
  users: 'nav_users',
  tenants: 'nav_tenants',
  review: 'nav_review',
  conversations: 'nav_conversations',
  stats: 'nav_stats',
  pool: 'nav_pool',
  'pool-coverage': 'nav_pool-coverage',
  privacy: 'nav_privacy',
  'access-log': 'nav_access-log',
  'privacy-minors': 'nav_privacy-minors',
  notifications: 'nav_notifications',
  sweeps: 'nav_sweeps',
  compliance: 'nav_compliance',
  incidents: 'nav_incidents',
} as const;

/** The navigation for the signed-in user's role, and who that is. */
function chromeOf(c: ConsoleContext, current: Page | undefined): Chrome {
  const session = c.get('session');
  const lang = c.get('lang');
  if (session === null) return { nav: null, who: null };
  return {
    nav: PAGES.filter((page) => canUse(session.user.role, page)).map((page) => ({
      href: `${BASE}/${page}`,
      label: t(lang, NAV_LABELS[page]),
      current: page === current,
    })),
    who: {
      name: t(lang, 'signed_in_as', { user: session.user.username, role: t(lang, `role_${session.user.role}`) }),
      signOut: `${BASE}/sign-out`,
      signOutLabel: 'sign_out',
    },
  };
}

/** Sends a console page with the status that goes with the error code (or 200). */
export function sendPage(
  c: ConsoleContext,
  title: string,
  body: Child,
  options: { readonly page?: Page; readonly narrow?: boolean; readonly code?: ErrorCode } = {},
): Response {
  return sendSitePage(c, CONSOLE_SITE, chromeOf(c, options.page), title, body, {
    ...(options.code === undefined ? {} : { code: options.code }),
    ...(options.narrow === true ? { mainClass: 'narrow' } : {}),
  });
}

/** A page that only explains an error, with a way back. */
export function sendErrorPage(c: ConsoleContext, code: ErrorCode, title: string, message: string): Response {
  const back = <a href={BASE}>{t(c.get('lang'), 'back_home')}</a>;
  return sendPage(c, title, <ErrorBody title={title} message={message} back={back} />, { code, narrow: true });
}
