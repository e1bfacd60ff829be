import type { Kysely } from 'kysely';
import { MODEL_SHOWN_SCORE, type Verdict } from '../../engine/index.js';
import type { Database, DecisionRow, NewDecision } from '../schema.js';

/** A match as the log keeps it: the matched text only when the tenant keeps text. */
export interface LoggedMatch {
  readonly start: number;
  readonly end: number;
  readonly term: string;
  readonly category: string;
  readonly severity: string;
  readonly via: readonly string[];
  readonly text?: string;
}

/** A model signal as the log keeps it: the span's text only when the tenant keeps text, as for matches. */
export interface LoggedSignal {
  readonly category: string;
  readonly start: number;
  readonly end: number;
  readonly weight: number;
  readonly text?: string;
}

/**
 * Model scores below this are left out of the log unless their category made a finding: most texts score under it in every
 * category, so a row usually carries `{}` instead of thirteen numbers, and every score that decided something is kept.
 */
export const LOGGED_SCORE_FLOOR = MODEL_SHOWN_SCORE;

/** One logged moderation call (or one item of a batch call). */
export interface Decision {
  readonly id: number;
  readonly tenantId: string;
  readonly keyId: string | null;
  readonly requestId: string;
  readonly itemIndex: number | null;
  readonly userRef: string | null;
  readonly contentRef: string | null;
  /** The minor the text was aimed at (the platform's minorRef), when the caller said so. */
  readonly targetRef: string | null;
  readonly surface: string | null;
  readonly ageBand: string;
  readonly action: string;
  readonly flagged: boolean;
  readonly categories: readonly string[];
  readonly matches: readonly LoggedMatch[];
  readonly text: string | null;
  readonly textLength: number;
  readonly lexiconVersion: number;
  readonly createdAt: number;
  /** Model scores of at least LOGGED_SCORE_FLOOR, and of every category that made a finding; null: no model stage. */
  readonly scores: Readonly<Record<string, number>> | null;
  /** The model's signals; null: no model stage. */
  readonly signals: readonly LoggedSignal[] | null;
}

/** What one moderation call contributes to the log. */
export interface DecisionInput {
  readonly tenantId: string;
  readonly keyId: string | null;
  readonly requestId: string;
  readonly itemIndex: number | null;
  readonly text: string;
  readonly userRef?: string | undefined;
  readonly contentRef?: string | undefined;
  readonly targetRef?: string | undefined;
  readonly surface?: string | undefined;
  readonly ageBand: string;
  readonly verdict: Verdict;
  readonly lexiconVersion: number;
  /** The tenant's opt-in: without it neither the text nor the matched spans' text is stored. */
  readonly storeText: boolean;
  readonly now: number;
}

/** The row for one decision, applying data minimization: raw text only when the tenant opted in. */
export function toDecisionRow(input: DecisionInput): NewDecision {
  const matches: LoggedMatch[] = input.verdict.matches.map((m) => ({
    start: m.start,
    end: m.end,
    term: m.term,
    category: m.category,
    severity: m.severity,
    via: m.via,
    ...(input.storeText ? { text: m.text } : {}),
  }));
  const { scores, signals } = input.verdict;
  let kept: Record<string, number> | undefined;
  if (scores !== undefined) {
    kept = {};
    for (const [category, score] of Object.entries(scores)) {
      if (score >= LOGGED_SCORE_FLOOR || input.verdict.categories.includes(category as keyof typeof scores))
        kept[category] = score;
    }
  }
  const loggedSignals: LoggedSignal[] | undefined = signals?.map((s) => ({
    category: s.category,
    start: s.start,
    end: s.end,
    weight: s.weight,
    ...(input.storeText ? { text: s.text } : {}),
  }));
  return {
    tenantId: input.tenantId,
    keyId: input.keyId,
    requestId: input.requestId,
    itemIndex: input.itemIndex,
    userRef: input.userRef ?? null,
    contentRef: input.contentRef ?? null,
    targetRef: input.targetRef ?? null,
    surface: input.surface ?? null,
    ageBand: input.ageBand,
    action: input.verdict.action,
    flagged: input.verdict.flagged ? 1 : 0,
    categories: JSON.stringify(input.verdict.categories),
    matches: JSON.stringify(matches),
    text: input.storeText ? input.text : null,
    textLength: input.text.length,
    lexiconVersion: input.lexiconVersion,
    createdAt: input.now,
    scores: kept === undefined ? null : JSON.stringify(kept),
    signals: loggedSignals === undefined ? null : JSON.stringify(loggedSignals),
  };
}

function toDecision(row: DecisionRow): Decision {
  return {
    // PostgreSQL hands bigints back as strings.
    id: Number(row.id),
    tenantId: row.tenantId,
    keyId: row.keyId,
    requestId: row.requestId,
    itemIndex: row.itemIndex,
    userRef: row.userRef,
    contentRef: row.contentRef,
    targetRef: row.targetRef,
    surface: row.surface,
    ageBand: row.ageBand,
    action: row.action,
    flagged: row.flagged === 1,
    categories: JSON.parse(row.categories) as string[],
    matches: JSON.parse(row.matches) as LoggedMatch[],
    text: row.text,
    textLength: row.textLength,
    lexiconVersion: row.lexiconVersion,
    createdAt: Number(row.createdAt),
    scores: row.scores === null ? null : (JSON.parse(row.scores) as Record<string, number>),
    signals: row.signals === null ? null : (JSON.parse(row.signals) as LoggedSignal[]),
  };
}

/** Filters for reading the log: the API's (one tenant) and the console's (any tenant, category, time range). */
export interface DecisionQuery {
  /** One tenant, or every tenant when explicitly undefined (the console); required so no caller forgets it. */
  readonly tenantId: string | undefined;
  /** Only decisions with a smaller id (paging backwards from the newest). */
  readonly beforeId?: number | undefined;
  readonly action?: string | undefined;
  /** Decisions whose categories include this taxonomy id. */
  readonly category?: string | undefined;
  /** Inclusive lower bound, milliseconds since the epoch. */
  readonly from?: number | undefined;
  /** Exclusive upper bound, milliseconds since the epoch. */
  readonly to?: number | undefined;
  readonly flagged?: boolean | undefined;
  readonly requestId?: string | undefined;
  readonly userRef?: string | undefined;
  readonly limit?: number | undefined;
}

/** Decisions matching the filters, newest first. */
export async function listDecisions(db: Kysely<Database>, query: DecisionQuery): Promise<readonly Decision[]> {
  let q = db.selectFrom('decisions').selectAll();
  if (query.tenantId !== undefined) q = q.where('tenantId', '=', query.tenantId);
  if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId);
  if (query.action !== undefined) q = q.where('action', '=', query.action);
  // Categories are a JSON array of quoted ids, so a LIKE on the quoted id cannot hit a longer id. Callers pass taxonomy ids
  // only; `_` in an id is a LIKE wildcard, but no two taxonomy ids differ only where another has an underscore.
  if (query.category !== undefined) q = q.where('categories', 'like', `%${JSON.stringify(query.category)}%`);
  if (query.from !== undefined) q = q.where('createdAt', '>=', query.from);
  if (query.to !== undefined) q = q.where('createdAt', '<', query.to);
  if (query.flagged !== undefined) q = q.where('flagged', '=', query.flagged ? 1 : 0);
  if (query.requestId !== undefined) q = q.where('requestId', '=', query.requestId);
  if (query.userRef !== undefined) q = q.where('userRef', '=', query.userRef);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(query.limit ?? 100)
    .execute();
  return rows.map(toDecision);
}

const DAY_MS = 86_400_000;

/**
 * Deletes decisions older than their tenant's retention (or the default), the one deletion the append-only log allows.
 * Returns how many were deleted.
 */
export async function purgeDecisions(
  db: Kysely<Database>,
  options: { readonly now: number; readonly defaultRetentionDays: number },
): Promise<number> {
  const custom = await db
    .selectFrom('tenants')
    .select(['id', 'retentionDays'])
    .where('retentionDays', 'is not', null)
    .execute();
  let deleted = 0;
  for (const tenant of custom) {
    const cutoff = options.now - (tenant.retentionDays ?? options.defaultRetentionDays) * DAY_MS;
    const result = await db
      .deleteFrom('decisions')
      .where('tenantId', '=', tenant.id)
      .where('createdAt', '<', cutoff)
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  let rest = db.deleteFrom('decisions').where('createdAt', '<', options.now - options.defaultRetentionDays * DAY_MS);
  if (custom.length > 0) {
    rest = rest.where(
      'tenantId',
      'not in',
      custom.map((t) => t.id),
    );
  }
  const result = await rest.executeTakeFirst();
  return deleted + Number(result.numDeletedRows);
}
