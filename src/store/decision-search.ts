import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Filters for reading the decision log across tenants, as the console's log view offers them. */
export interface DecisionSearch {
  /** One tenant, or every tenant when undefined. */
  readonly tenantId?: string | undefined;
  /** Decisions whose categories include this id. */
  readonly category?: string | undefined;
  readonly action?: string | undefined;
  /** Inclusive lower bound, milliseconds since the epoch. */
  readonly from?: number | undefined;
  /** Exclusive upper bound, milliseconds since the epoch. */
  readonly to?: number | undefined;
  /** Only decisions with a smaller id (paging backwards from the newest). */
  readonly beforeId?: number | undefined;
  readonly limit?: number | undefined;
}

/** One decision as the log view shows it. */
export interface DecisionSummary {
  readonly id: number;
  readonly tenantId: string;
  readonly requestId: string;
  readonly userRef: string | null;
  readonly contentRef: string | null;
  readonly surface: string | null;
  readonly ageBand: string;
  readonly action: string;
  readonly flagged: boolean;
  readonly categories: readonly string[];
  readonly matches: readonly { readonly term: string; readonly category: string; readonly via: readonly string[] }[];
  readonly text: string | null;
  readonly textLength: number;
  readonly lexiconVersion: number;
  readonly createdAt: number;
}

/** Decisions matching the filters, newest first. */
export async function searchDecisions(
  db: Kysely<Database>,
  search: DecisionSearch,
): Promise<readonly DecisionSummary[]> {
  let q = db.selectFrom('decisions').selectAll();
  if (search.tenantId !== undefined) q = q.where('tenantId', '=', search.tenantId);
  if (search.action !== undefined) q = q.where('action', '=', search.action);
  // Categories are a JSON array of quoted ids, so a LIKE on the quoted id cannot hit a longer id. Callers pass taxonomy ids
  // only; `_` in an id is a LIKE wildcard, but no two taxonomy ids differ only where another has an underscore.
  if (search.category !== undefined) q = q.where('categories', 'like', `%${JSON.stringify(search.category)}%`);
  if (search.from !== undefined) q = q.where('createdAt', '>=', search.from);
  if (search.to !== undefined) q = q.where('createdAt', '<', search.to);
  if (search.beforeId !== undefined) q = q.where('id', '<', search.beforeId);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(search.limit ?? 50)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    tenantId: row.tenantId,
    requestId: row.requestId,
    userRef: row.userRef,
    contentRef: row.contentRef,
    surface: row.surface,
    ageBand: row.ageBand,
    action: row.action,
    flagged: row.flagged === 1,
    categories: JSON.parse(row.categories) as string[],
    matches: JSON.parse(row.matches) as DecisionSummary['matches'],
    text: row.text,
    textLength: row.textLength,
    lexiconVersion: row.lexiconVersion,
    createdAt: Number(row.createdAt),
  }));
}
