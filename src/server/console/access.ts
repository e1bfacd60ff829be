import type { ConsoleRole } from '../../store/index.js';

/** The console's pages, each entered by the roles listed for it. */
export const PAGE_ROLES = {
  playground: ['admin', 'moderator'],
  lexicon: ['admin', 'moderator'],
  logs: ['admin', 'compliance'],
  keys: ['admin'],
  users: ['admin'],
  tenants: ['admin'],
  review: ['admin', 'moderator'],
  conversations: ['admin', 'moderator'],
  stats: ['admin', 'moderator', 'compliance'],
  pool: ['admin', 'moderator'],
  'pool-coverage': ['admin', 'moderator', 'compliance'],
  privacy: ['admin', 'compliance'],
  'access-log': ['admin', 'compliance'],
  'privacy-minors': ['admin', 'compliance'],
  notifications: ['admin'],
  sweeps: ['admin', 'moderator', 'compliance'],
  compliance: ['admin', 'compliance'],
  incidents: ['admin', 'compliance'],
} as const satisfies Record<string, readonly ConsoleRole[]>;

export type Page = keyof typeof PAGE_ROLES;
export const PAGES = Object.keys(PAGE_ROLES) as readonly Page[];

/** True when the role may use the page. */
export function canUse(role: ConsoleRole, page: Page): boolean {
  return (PAGE_ROLES[page] as readonly ConsoleRole[]).includes(role);
}

/** The first page a role may use: where signing in lands. */
export function homePage(role: ConsoleRole): Page {
  return PAGES.find((page) => canUse(role, page)) ?? 'playground';
}
