import type { Lang } from './lang.js';

/** The console's content-pool pages (内容池), Chinese first with English beside it. */
export const POOL_MESSAGES = {
  scope_pool: { zh: '内容池', en: 'Content pool' },
} as const satisfies Record<string, Readonly<Record<Lang, string>>>;
