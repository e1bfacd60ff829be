import type { Child } from 'hono/jsx';
import type { ErrorCode } from '../../lib/index.js';
import { ErrorBody, sendSitePage, t, type Chrome, type Site } from '../web/index.js';
import type { PortalContext } from './context.js';

/** Where the portal is mounted; every link and form action starts here. */
export const PORTAL_BASE = '/guardian';

/** The portal's top-level sections, for the navigation. */
export type PortalSection = 'minors' | 'bind' | 'alerts';

/** The guardian portal as a page set of the kit: the console's stylesheet with the portal's phone-first one on top. */
export const GUARDIAN_SITE: Site = {
  base: PORTAL_BASE,
  name: 'guardian_app_name',
  styles: ['console.css', 'guardian.css'],
  scripts: [],
};

const NAV = [
  ['minors', 'nav_minors'],
  ['bind', 'nav_bind'],
  ['alerts', 'nav_alerts'],
] as const;

function chromeOf(c: PortalContext, current: PortalSection | undefined): Chrome {
  const guardian = c.get('guardian');
  const lang = c.get('lang');
  if (guardian === null) return { nav: null, who: null };
  return {
    nav: NAV.map(([section, label]) => ({
      href: `${PORTAL_BASE}/${section}`,
      label: t(lang, label),
      current: section === current,
      ...(section === 'alerts' ? { badge: c.get('unread') } : {}),
    })),
    who: { name: guardian.displayName, signOut: `${PORTAL_BASE}/sign-out`, signOutLabel: 'guardian_sign_out' },
  };
}

/** Sends a portal page with the status that goes with the error code (or 200). */
export function sendPortalPage(
  c: PortalContext,
  title: string,
  body: Child,
  options: { readonly section?: PortalSection; readonly code?: ErrorCode } = {},
): Response {
  return sendSitePage(
    c,
    GUARDIAN_SITE,
    chromeOf(c, options.section),
    title,
    body,
    options.code === undefined ? {} : { code: options.code },
  );
}

/** A page that only explains an error, with a way back. */
export function sendPortalError(c: PortalContext, code: ErrorCode, title: string, message: string): Response {
  const back = <a href={PORTAL_BASE}>{t(c.get('lang'), 'back_home')}</a>;
  return sendPortalPage(c, title, <ErrorBody title={title} message={message} back={back} />, { code });
}
