import type { Kysely, Transaction } from 'kysely';
import type { Verdict } from '../../engine/index.js';
import { AppError, type ErrorDetail } from '../../lib/index.js';
import {
  POOL_BANDS,
  POOL_KINDS,
  POOL_RATINGS,
  isPoolBand,
  isPoolTheme,
  ratePoolBand,
  reviewerReason,
  youngestSuitableBand,
  type BandRating,
  type PoolBand,
  type PoolKind,
  type PoolRating,
  type PoolReason,
  type PoolReview,
  type PoolTheme,
} from '../../policy/index.js';
import type { Database } from '../schema.js';
import { poolTables, type PoolDb, type PoolTables } from './tables.js';

/** Input sizes of the pool. */
export const POOL_LIMITS = {
  ref: 200,
  title: 200,
  text: 20_000,
  themes: 5,
  meta: 200,
  note: 1000,
  batch: 500,
  page: 100,
  durationSeconds: 7 * 24 * 3600,
} as const;

export const POOL_ITEM_STATUSES = ['active', 'withdrawn'] as const;
export type PoolItemStatus = (typeof POOL_ITEM_STATUSES)[number];

/** What an event of an item's history records. */
export const POOL_EVENT_TYPES = ['registered', 'updated', 'withdrawn', 'reviewed', 'rerated'] as const;
export type PoolEventType = (typeof POOL_EVENT_TYPES)[number];

/** Who did it: a platform's API key, a console reviewer, or the service itself (re-rating). */
export interface PoolActor {
  readonly type: 'key' | 'console_user' | 'system';
  readonly id: string | null;
}

/**
 * What rates items: the engine serving the tenant, asked once per band, and a key that names it (rules version, lexicon
 * version, model, threshold). A stored rating made with another key is re-derived.
 */
export interface PoolRater {
  readonly key: string;
  moderate(text: string, band: PoolBand): Verdict;
}

/** An item as a platform registers it. */
export interface PoolItemInput {
  readonly ref: string;
  readonly title: string;
  /** Description, subtitles or transcript: what the engine reads, after the title. */
  readonly text: string;
  readonly kind: PoolKind;
  readonly themes: readonly PoolTheme[];
  readonly source?: string | null | undefined;
  readonly creator?: string | null | undefined;
  readonly durationSeconds?: number | null | undefined;
  /** When the item was first published, ms since the epoch; default: when it was registered. */
  readonly publishedAt?: number | null | undefined;
}

/** A band's rating as stored: the reviewer's decision, when there is one for this version, with what the rules said. */
export interface StoredBandRating {
  readonly rating: PoolRating;
  readonly auto: PoolRating;
  readonly reasons: readonly PoolReason[];
  readonly review: PoolReview | null;
}

/** An item with its rating for every band. */
export interface PoolItem {
  readonly ref: string;
  /** Raised when the title, text, kind or themes change: a review holds for the version it was made on. */
  readonly version: number;
  readonly title: string;
  readonly text: string;
  readonly kind: PoolKind;
  readonly themes: readonly PoolTheme[];
  readonly source: string | null;
  readonly creator: string | null;
  readonly durationSeconds: number | null;
  readonly publishedAt: number;
  readonly status: PoolItemStatus;
  readonly withdrawnReason: string | null;
  /** The youngest band the item is suitable for; null when none. */
  readonly minBand: PoolBand | null;
  readonly ratedWith: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly ratings: Readonly<Record<PoolBand, StoredBandRating>>;
}

/** How a band's rating moved. */
export interface PoolChange {
  readonly band: PoolBand;
  readonly from: PoolRating | null;
  readonly to: PoolRating;
  readonly reasons: readonly PoolReason[];
}

/** One event of an item's history (append-only). */
export interface PoolEvent {
  readonly id: number;
  readonly itemRef: string;
  readonly itemVersion: number;
  readonly type: PoolEventType;
  readonly actorType: PoolActor['type'];
  readonly actorId: string | null;
  readonly note: string | null;
  readonly changes: readonly PoolChange[];
  readonly createdAt: number;
}

/** The text the engine reads: the title, a newline, the text. Reason spans are offsets into it. */
export const ratedTextOf = (item: { readonly title: string; readonly text: string }): string =>
  `${item.title}\n${item.text}`;

type ItemRow = PoolTables['poolItems'];
type RatingRow = PoolTables['poolRatings'];
type Tx = Transaction<Database & PoolTables> | PoolDb;

const isKind = (s: string): s is PoolKind => (POOL_KINDS as readonly string[]).includes(s);
const isRating = (s: string): s is PoolRating => (POOL_RATINGS as readonly string[]).includes(s);

/** Checks items before they are stored; every problem at once, each with its path. */
export function checkPoolItems(inputs: readonly PoolItemInput[]): void {
  const problems: ErrorDetail[] = [];
  if (inputs.length === 0 || inputs.length > POOL_LIMITS.batch)
    problems.push({ path: 'items', message: `1 to ${POOL_LIMITS.batch} items` });
  const seen = new Set<string>();
  inputs.forEach((item, i) => {
    const at = inputs.length === 1 ? '' : `items[${i}].`;
    const text = (path: string, value: string | null | undefined, min: number, max: number): void => {
      if (value === null || value === undefined) return;
      if (value.length < min || value.length > max)
        problems.push({ path: at + path, message: `${min} to ${max} characters` });
    };
    text('ref', item.ref, 1, POOL_LIMITS.ref);
    if (seen.has(item.ref)) problems.push({ path: `${at}ref`, message: `${item.ref} is in the batch twice` });
    seen.add(item.ref);
    text('title', item.title, 1, POOL_LIMITS.title);
    text('text', item.text, 0, POOL_LIMITS.text);
    text('source', item.source, 1, POOL_LIMITS.meta);
    text('creator', item.creator, 1, POOL_LIMITS.meta);
    if (!isKind(item.kind)) problems.push({ path: `${at}kind`, message: `one of ${POOL_KINDS.join(', ')}` });
    if (item.themes.length === 0 || item.themes.length > POOL_LIMITS.themes)
      problems.push({ path: `${at}themes`, message: `1 to ${POOL_LIMITS.themes} themes` });
    item.themes.forEach((t, j) => {
      if (!isPoolTheme(t)) problems.push({ path: `${at}themes[${j}]`, message: `${String(t)} is not a pool theme` });
    });
    const d = item.durationSeconds;
    if (d !== null && d !== undefined && (!Number.isInteger(d) || d < 0 || d > POOL_LIMITS.durationSeconds))
      problems.push({
        path: `${at}durationSeconds`,
        message: `a whole number of seconds, 0 to ${POOL_LIMITS.durationSeconds}`,
      });
  });
  if (problems.length > 0) throw new AppError('validation_failed', 'The pool items are not valid.', problems);
}

/** Rates an item for every band, keeping the reviewer's decisions made on this version. */
export function rateItem(
  rater: PoolRater,
  item: {
    readonly title: string;
    readonly text: string;
    readonly kind: PoolKind;
    readonly themes: readonly PoolTheme[];
  },
  reviews: ReadonlyMap<PoolBand, PoolReview>,
): BandRating[] {
  const text = ratedTextOf(item);
  return POOL_BANDS.map((band) =>
    ratePoolBand({ kind: item.kind, themes: item.themes }, band, rater.moderate(text, band), reviews.get(band)),
  );
}

function themesOf(json: string): PoolTheme[] {
  const parsed = JSON.parse(json) as unknown;
  return Array.isArray(parsed) ? parsed.filter((t): t is PoolTheme => typeof t === 'string' && isPoolTheme(t)) : [];
}

function storedRating(row: RatingRow): StoredBandRating {
  return {
    rating: isRating(row.rating) ? row.rating : 'needs_review',
    auto: isRating(row.autoRating) ? row.autoRating : 'needs_review',
    reasons: JSON.parse(row.reasons) as PoolReason[],
    review:
      row.reviewRating !== null && isRating(row.reviewRating)
        ? { rating: row.reviewRating, note: row.reviewNote ?? '' }
        : null,
  };
}

function itemOf(row: ItemRow, ratings: readonly RatingRow[]): PoolItem {
  const byBand = {} as Record<PoolBand, StoredBandRating>;
  for (const band of POOL_BANDS) {
    const r = ratings.find((x) => x.band === band);
    byBand[band] =
      r === undefined ? { rating: 'needs_review', auto: 'needs_review', reasons: [], review: null } : storedRating(r);
  }
  return {
    ref: row.itemRef,
    version: row.version,
    title: row.title,
    text: row.body,
    kind: isKind(row.kind) ? row.kind : 'article',
    themes: themesOf(row.themes),
    source: row.source,
    creator: row.creator,
    durationSeconds: row.durationSeconds,
    publishedAt: row.publishedAt ?? row.createdAt,
    status: row.status === 'withdrawn' ? 'withdrawn' : 'active',
    withdrawnReason: row.withdrawnReason,
    minBand: row.minBand !== null && isPoolBand(row.minBand) ? row.minBand : null,
    ratedWith: row.ratedWith,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ratings: byBand,
  };
}

/** Items by ref with their ratings, in the order of the rows given. */
async function withRatings(db: Tx, tenantId: string, rows: readonly ItemRow[]): Promise<PoolItem[]> {
  if (rows.length === 0) return [];
  const ratings: RatingRow[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const refs = rows.slice(i, i + 500).map((r) => r.itemRef);
    ratings.push(
      ...(await db
        .selectFrom('poolRatings')
        .selectAll()
        .where('tenantId', '=', tenantId)
        .where('itemRef', 'in', refs)
        .execute()),
    );
  }
  const byRef = new Map<string, RatingRow[]>();
  for (const r of ratings) byRef.set(r.itemRef, [...(byRef.get(r.itemRef) ?? []), r]);
  return rows.map((row) => itemOf(row, byRef.get(row.itemRef) ?? []));
}

/** Items of a tenant by ref (absent refs are left out), with their ratings. */
export async function getPoolItems(
  db: Kysely<Database>,
  tenantId: string,
  refs: readonly string[],
): Promise<Map<string, PoolItem>> {
  const t = poolTables(db);
  const rows: ItemRow[] = [];
  const unique = [...new Set(refs)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    rows.push(
      ...(await t
        .selectFrom('poolItems')
        .selectAll()
        .where('tenantId', '=', tenantId)
        .where('itemRef', 'in', chunk)
        .execute()),
    );
  }
  return new Map((await withRatings(t, tenantId, rows)).map((item) => [item.ref, item]));
}

/** One item with its ratings, or undefined. */
export async function getPoolItem(db: Kysely<Database>, tenantId: string, ref: string): Promise<PoolItem | undefined> {
  return (await getPoolItems(db, tenantId, [ref])).get(ref);
}

function reviewsOf(ratings: readonly RatingRow[], version: number): Map<PoolBand, PoolReview> {
  const reviews = new Map<PoolBand, PoolReview>();
  for (const r of ratings) {
    if (r.reviewedVersion === version && r.reviewRating !== null && isRating(r.reviewRating) && isPoolBand(r.band))
      reviews.set(r.band, { rating: r.reviewRating, note: r.reviewNote ?? '' });
  }
  return reviews;
}

function changesOf(before: readonly RatingRow[], after: readonly BandRating[]): PoolChange[] {
  const changes: PoolChange[] = [];
  for (const r of after) {
    const old = before.find((b) => b.band === r.band);
    const from = old !== undefined && isRating(old.rating) ? old.rating : null;
    if (from !== r.rating) changes.push({ band: r.band, from, to: r.rating, reasons: r.reasons });
  }
  return changes;
}

async function appendEvent(
  db: Tx,
  event: {
    tenantId: string;
    itemRef: string;
    itemVersion: number;
    type: PoolEventType;
    actor: PoolActor;
    note?: string | null;
    changes: readonly PoolChange[];
  },
  now: number,
): Promise<void> {
  await db
    .insertInto('poolEvents')
    .values({
      tenantId: event.tenantId,
      itemRef: event.itemRef,
      itemVersion: event.itemVersion,
      type: event.type,
      actorType: event.actor.type,
      actorId: event.actor.id,
      note: event.note ?? null,
      changes: JSON.stringify(event.changes),
      createdAt: now,
    })
    .execute();
}

async function writeRatings(
  db: Tx,
  tenantId: string,
  itemRef: string,
  version: number,
  ratings: readonly BandRating[],
  before: readonly RatingRow[],
  now: number,
): Promise<void> {
  for (const r of ratings) {
    const old = before.find((b) => b.band === r.band);
    const reviewed = r.reasons[0]?.code === 'reviewer';
    const values = {
      rating: r.rating,
      autoRating: r.auto,
      reasons: JSON.stringify(r.reasons),
      reviewRating: reviewed ? r.rating : null,
      reviewNote: reviewed ? (r.reasons[0]?.note ?? '') : null,
      reviewedVersion: reviewed ? version : null,
      updatedAt: now,
    };
    if (old === undefined) {
      await db
        .insertInto('poolRatings')
        .values({ tenantId, band: r.band, itemRef, ...values })
        .execute();
    } else if (
      old.rating !== values.rating ||
      old.autoRating !== values.autoRating ||
      old.reasons !== values.reasons ||
      old.reviewedVersion !== values.reviewedVersion
    ) {
      await db
        .updateTable('poolRatings')
        .set(values)
        .where('tenantId', '=', tenantId)
        .where('band', '=', r.band)
        .where('itemRef', '=', itemRef)
        .execute();
    }
  }
}

const sameThemes = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((t, i) => t === b[i]);

/** What registering an item did. */
export interface PutOutcome {
  readonly item: PoolItem;
  readonly outcome: 'created' | 'updated' | 'unchanged';
}

/**
 * Registers or updates items (by ref) in one transaction and rates each for every band. A change of title, text, kind or
 * themes raises the item's version, so an earlier reviewer's decision no longer holds; a withdrawn item registered again
 * comes back. Every change is an event with the ratings it moved.
 */
export async function putPoolItems(
  db: Kysely<Database>,
  tenantId: string,
  inputs: readonly PoolItemInput[],
  rater: PoolRater,
  actor: PoolActor,
  now: number,
): Promise<PutOutcome[]> {
  checkPoolItems(inputs);
  const outcomes = await poolTables(db)
    .transaction()
    .execute(async (trx) => {
      const refs = inputs.map((i) => i.ref);
      const existing = new Map<string, ItemRow>();
      const ratingRows = new Map<string, RatingRow[]>();
      for (let i = 0; i < refs.length; i += 500) {
        const chunk = refs.slice(i, i + 500);
        for (const row of await trx
          .selectFrom('poolItems')
          .selectAll()
          .where('tenantId', '=', tenantId)
          .where('itemRef', 'in', chunk)
          .execute())
          existing.set(row.itemRef, row);
        for (const row of await trx
          .selectFrom('poolRatings')
          .selectAll()
          .where('tenantId', '=', tenantId)
          .where('itemRef', 'in', chunk)
          .execute())
          ratingRows.set(row.itemRef, [...(ratingRows.get(row.itemRef) ?? []), row]);
      }
      const done: { ref: string; outcome: PutOutcome['outcome'] }[] = [];
      for (const input of inputs) {
        const old = existing.get(input.ref);
        const before = ratingRows.get(input.ref) ?? [];
        const themes = [...new Set(input.themes)];
        const row: Omit<ItemRow, 'tenantId' | 'itemRef'> = {
          version: 1,
          title: input.title,
          body: input.text,
          kind: input.kind,
          themes: JSON.stringify(themes),
          source: input.source ?? null,
          creator: input.creator ?? null,
          durationSeconds: input.durationSeconds ?? null,
          publishedAt: input.publishedAt ?? old?.publishedAt ?? now,
          status: 'active',
          withdrawnReason: null,
          minBand: null,
          ratedWith: rater.key,
          createdAt: old?.createdAt ?? now,
          updatedAt: now,
        };
        if (old !== undefined) {
          const contentChanged =
            old.title !== row.title ||
            old.body !== row.body ||
            old.kind !== row.kind ||
            !sameThemes(themesOf(old.themes), themes);
          const unchanged =
            !contentChanged &&
            old.status === 'active' &&
            old.source === row.source &&
            old.creator === row.creator &&
            old.durationSeconds === row.durationSeconds &&
            old.publishedAt === row.publishedAt &&
            old.ratedWith === rater.key;
          if (unchanged) {
            done.push({ ref: input.ref, outcome: 'unchanged' });
            continue;
          }
          row.version = contentChanged ? old.version + 1 : old.version;
        }
        const ratings = rateItem(rater, input, reviewsOf(before, row.version));
        row.minBand = youngestSuitableBand(ratings);
        if (old === undefined) {
          await trx
            .insertInto('poolItems')
            .values({ tenantId, itemRef: input.ref, ...row })
            .execute();
        } else {
          await trx
            .updateTable('poolItems')
            .set(row)
            .where('tenantId', '=', tenantId)
            .where('itemRef', '=', input.ref)
            .execute();
          await trx
            .deleteFrom('poolItemThemes')
            .where('tenantId', '=', tenantId)
            .where('itemRef', '=', input.ref)
            .execute();
        }
        await trx
          .insertInto('poolItemThemes')
          .values(themes.map((theme) => ({ tenantId, theme, itemRef: input.ref })))
          .execute();
        await writeRatings(trx, tenantId, input.ref, row.version, ratings, before, now);
        const type: PoolEventType = old === undefined || old.status === 'withdrawn' ? 'registered' : 'updated';
        await appendEvent(
          trx,
          { tenantId, itemRef: input.ref, itemVersion: row.version, type, actor, changes: changesOf(before, ratings) },
          now,
        );
        done.push({ ref: input.ref, outcome: old === undefined ? 'created' : 'updated' });
      }
      return done;
    });
  const items = await getPoolItems(
    db,
    tenantId,
    outcomes.map((o) => o.ref),
  );
  return outcomes.map((o) => ({ item: items.get(o.ref)!, outcome: o.outcome }));
}

async function requireItem(db: Tx, tenantId: string, ref: string): Promise<ItemRow> {
  const row = await db
    .selectFrom('poolItems')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('itemRef', '=', ref)
    .executeTakeFirst();
  if (row === undefined)
    throw new AppError('not_found', `No pool item ${ref}.`, [{ path: 'ref', message: 'not registered' }]);
  return row;
}

/** Takes an item out of the pool (it stays on record, with its history); registering it again brings it back. */
export async function withdrawPoolItem(
  db: Kysely<Database>,
  tenantId: string,
  ref: string,
  reason: string | null,
  actor: PoolActor,
  now: number,
): Promise<PoolItem> {
  if (reason !== null && reason.length > POOL_LIMITS.note)
    throw new AppError('validation_failed', 'The reason is too long.', [
      { path: 'reason', message: `at most ${POOL_LIMITS.note} characters` },
    ]);
  await poolTables(db)
    .transaction()
    .execute(async (trx) => {
      const row = await requireItem(trx, tenantId, ref);
      if (row.status === 'withdrawn') return;
      await trx
        .updateTable('poolItems')
        .set({ status: 'withdrawn', withdrawnReason: reason, updatedAt: now })
        .where('tenantId', '=', tenantId)
        .where('itemRef', '=', ref)
        .execute();
      await appendEvent(
        trx,
        { tenantId, itemRef: ref, itemVersion: row.version, type: 'withdrawn', actor, note: reason, changes: [] },
        now,
      );
    });
  return (await getPoolItem(db, tenantId, ref))!;
}

/** A reviewer's decision for one or more bands of an item. */
export interface PoolReviewInput {
  readonly bands: readonly PoolBand[];
  readonly rating: PoolRating;
  readonly note: string;
  /** The version the reviewer saw; a newer one means the item changed under them (`conflict`). */
  readonly version?: number | undefined;
}

/**
 * Records a reviewer's decision: it wins over the rules for those bands until the item's content changes, and the event
 * keeps who, why and what moved.
 */
export async function reviewPoolItem(
  db: Kysely<Database>,
  tenantId: string,
  ref: string,
  review: PoolReviewInput,
  actor: PoolActor,
  now: number,
): Promise<PoolItem> {
  const problems: ErrorDetail[] = [];
  if (review.bands.length === 0) problems.push({ path: 'bands', message: 'at least one band' });
  review.bands.forEach((b, i) => {
    if (!isPoolBand(b)) problems.push({ path: `bands[${i}]`, message: `${String(b)} is not a minors' band` });
  });
  if (!isRating(review.rating)) problems.push({ path: 'rating', message: `one of ${POOL_RATINGS.join(', ')}` });
  if (review.note.trim().length === 0 || review.note.length > POOL_LIMITS.note)
    problems.push({ path: 'note', message: `why, in 1 to ${POOL_LIMITS.note} characters` });
  if (problems.length > 0) throw new AppError('validation_failed', 'The review is not valid.', problems);
  await poolTables(db)
    .transaction()
    .execute(async (trx) => {
      const row = await requireItem(trx, tenantId, ref);
      if (review.version !== undefined && review.version !== row.version)
        throw new AppError('conflict', `Item ${ref} changed since it was opened (version ${row.version}); look again.`);
      const before = await trx
        .selectFrom('poolRatings')
        .selectAll()
        .where('tenantId', '=', tenantId)
        .where('itemRef', '=', ref)
        .execute();
      const after: BandRating[] = POOL_BANDS.map((band) => {
        const old = before.find((r) => r.band === band);
        const stored = old === undefined ? undefined : storedRating(old);
        const reasons = (stored?.reasons ?? []).filter((r) => r.code !== 'reviewer');
        const auto = stored?.auto ?? 'needs_review';
        if (!review.bands.includes(band)) {
          return { band, rating: stored?.rating ?? auto, auto, reasons: stored?.reasons ?? [] };
        }
        return { band, rating: review.rating, auto, reasons: [reviewerReason(review), ...reasons] };
      });
      await writeRatings(trx, tenantId, ref, row.version, after, before, now);
      await trx
        .updateTable('poolItems')
        .set({ minBand: youngestSuitableBand(after), updatedAt: now })
        .where('tenantId', '=', tenantId)
        .where('itemRef', '=', ref)
        .execute();
      const changes = after
        .filter((r) => review.bands.includes(r.band))
        .map((r) => {
          const old = before.find((b) => b.band === r.band);
          return {
            band: r.band,
            from: old !== undefined && isRating(old.rating) ? old.rating : null,
            to: r.rating,
            reasons: r.reasons.slice(0, 1),
          };
        });
      await appendEvent(
        trx,
        { tenantId, itemRef: ref, itemVersion: row.version, type: 'reviewed', actor, note: review.note, changes },
        now,
      );
    });
  return (await getPoolItem(db, tenantId, ref))!;
}

/** Events of a tenant's pool, newest first: of one item, or of some types (what re-rating moved). */
export async function listPoolEvents(
  db: Kysely<Database>,
  query: {
    readonly tenantId: string;
    readonly itemRef?: string | undefined;
    readonly types?: readonly PoolEventType[] | undefined;
    readonly limit?: number | undefined;
    readonly beforeId?: number | undefined;
  },
): Promise<PoolEvent[]> {
  let q = poolTables(db).selectFrom('poolEvents').selectAll().where('tenantId', '=', query.tenantId);
  if (query.itemRef !== undefined) q = q.where('itemRef', '=', query.itemRef);
  if (query.types !== undefined && query.types.length > 0) q = q.where('type', 'in', [...query.types]);
  if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(Math.min(query.limit ?? 50, 500))
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    itemRef: r.itemRef,
    itemVersion: r.itemVersion,
    type: (POOL_EVENT_TYPES as readonly string[]).includes(r.type) ? (r.type as PoolEventType) : 'updated',
    actorType: r.actorType === 'key' || r.actorType === 'console_user' ? r.actorType : 'system',
    actorId: r.actorId,
    note: r.note,
    changes: JSON.parse(r.changes) as PoolChange[],
    createdAt: r.createdAt,
  }));
}

/** The refs of a tenant's items tagged with any of the themes, as a subquery. */
const refsWithThemes = (t: PoolDb, tenantId: string, themes: readonly PoolTheme[]) =>
  t
    .selectFrom('poolItemThemes')
    .select('itemRef')
    .where('tenantId', '=', tenantId)
    .where('theme', 'in', [...themes]);

const encodeCursor = (ref: string): string => Buffer.from(ref, 'utf8').toString('base64url');

function decodeCursor(cursor: string): string {
  const ref = Buffer.from(cursor, 'base64url').toString('utf8');
  if (ref.length === 0 || ref.length > POOL_LIMITS.ref || encodeCursor(ref) !== cursor)
    throw new AppError('validation_failed', 'The cursor is not valid.', [
      { path: 'cursor', message: 'pass nextCursor as it was given' },
    ]);
  return ref;
}

/** A page of the pool for a band. */
export interface PoolPage {
  readonly items: readonly PoolItem[];
  /** Pass it back as `cursor` for the next page; null on the last. */
  readonly nextCursor: string | null;
}

/**
 * The items suitable for a band (active, rated `suitable` for it), optionally of a theme and a kind, leaving out themes
 * switched off, in a stable order (by ref) with an opaque cursor.
 */
export async function listPool(
  db: Kysely<Database>,
  query: {
    readonly tenantId: string;
    readonly band: PoolBand;
    readonly theme?: PoolTheme | undefined;
    readonly kind?: PoolKind | undefined;
    readonly themesOff?: readonly PoolTheme[] | undefined;
    readonly limit?: number | undefined;
    readonly cursor?: string | undefined;
  },
): Promise<PoolPage> {
  const limit = Math.max(1, Math.min(query.limit ?? 20, POOL_LIMITS.page));
  const t = poolTables(db);
  let q = t
    .selectFrom('poolItems as i')
    .innerJoin('poolRatings as r', (j) =>
      j.onRef('r.tenantId', '=', 'i.tenantId').onRef('r.itemRef', '=', 'i.itemRef').on('r.band', '=', query.band),
    )
    .selectAll('i')
    .where('i.tenantId', '=', query.tenantId)
    .where('i.status', '=', 'active')
    .where('r.rating', '=', 'suitable');
  if (query.kind !== undefined) q = q.where('i.kind', '=', query.kind);
  if (query.theme !== undefined) q = q.where('i.itemRef', 'in', refsWithThemes(t, query.tenantId, [query.theme]));
  const off = query.themesOff ?? [];
  if (off.length > 0) q = q.where('i.itemRef', 'not in', refsWithThemes(t, query.tenantId, off));
  if (query.cursor !== undefined) q = q.where('i.itemRef', '>', decodeCursor(query.cursor));
  const rows = await q
    .orderBy('i.itemRef')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const items = await withRatings(t, query.tenantId, page);
  return { items, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.itemRef) : null };
}

/** Active items with a band still to review, oldest first: the console's rating queue. */
export async function listPoolQueue(
  db: Kysely<Database>,
  query: {
    readonly tenantId: string;
    readonly band?: PoolBand | undefined;
    readonly theme?: PoolTheme | undefined;
    readonly limit?: number | undefined;
  },
): Promise<{ readonly items: readonly PoolItem[]; readonly total: number }> {
  const t = poolTables(db);
  const base = () => {
    let q = t
      .selectFrom('poolItems as i')
      .where('i.tenantId', '=', query.tenantId)
      .where('i.status', '=', 'active')
      .where((eb) => {
        let sub = eb
          .selectFrom('poolRatings as r')
          .select('r.itemRef')
          .whereRef('r.tenantId', '=', 'i.tenantId')
          .whereRef('r.itemRef', '=', 'i.itemRef')
          .where('r.rating', '=', 'needs_review');
        if (query.band !== undefined) sub = sub.where('r.band', '=', query.band);
        return eb.exists(sub);
      });
    if (query.theme !== undefined) q = q.where('i.itemRef', 'in', refsWithThemes(t, query.tenantId, [query.theme]));
    return q;
  };
  const counted = await base()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const rows = await base()
    .selectAll('i')
    .orderBy('i.createdAt')
    .orderBy('i.itemRef')
    .limit(Math.min(query.limit ?? 50, 200))
    .execute();
  return { items: await withRatings(t, query.tenantId, rows), total: Number(counted?.n ?? 0) };
}

/** What a re-rating did. */
export interface RerateResult {
  readonly ratedWith: string;
  readonly previous: string | null;
  readonly items: number;
  readonly changed: number;
  /** Band ratings that went from suitable to something else: what left the pool. */
  readonly movedOut: number;
  readonly movedIn: number;
}

/** The rater a tenant's pool was last rated with, or null when it has none. */
export async function poolRatedWith(db: Kysely<Database>, tenantId: string): Promise<string | null> {
  const row = await poolTables(db)
    .selectFrom('poolState')
    .select('ratedWith')
    .where('tenantId', '=', tenantId)
    .executeTakeFirst();
  return row?.ratedWith ?? null;
}

/**
 * Re-derives every active item's ratings with the rater (after a lexicon, model or rules change), keeping reviewers'
 * decisions on the current versions. Each item whose ratings moved gets a `rerated` event naming the bands, from, to and
 * the new reasons; the tenant's pool is marked as rated with the rater.
 */
export async function reratePool(
  db: Kysely<Database>,
  tenantId: string,
  rater: PoolRater,
  now: number,
): Promise<RerateResult> {
  const t = poolTables(db);
  const previous = await poolRatedWith(db, tenantId);
  let after: string | undefined;
  let items = 0;
  let changed = 0;
  let movedOut = 0;
  let movedIn = 0;
  for (;;) {
    let q = t.selectFrom('poolItems').selectAll().where('tenantId', '=', tenantId).where('status', '=', 'active');
    if (after !== undefined) q = q.where('itemRef', '>', after);
    const rows = await q.orderBy('itemRef').limit(200).execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.itemRef;
    await t.transaction().execute(async (trx) => {
      const ratingRows = await trx
        .selectFrom('poolRatings')
        .selectAll()
        .where('tenantId', '=', tenantId)
        .where(
          'itemRef',
          'in',
          rows.map((r) => r.itemRef),
        )
        .execute();
      for (const row of rows) {
        items++;
        const before = ratingRows.filter((r) => r.itemRef === row.itemRef);
        const item = itemOf(row, before);
        const ratings = rateItem(rater, item, reviewsOf(before, row.version));
        await writeRatings(trx, tenantId, row.itemRef, row.version, ratings, before, now);
        await trx
          .updateTable('poolItems')
          .set({ ratedWith: rater.key, minBand: youngestSuitableBand(ratings) })
          .where('tenantId', '=', tenantId)
          .where('itemRef', '=', row.itemRef)
          .execute();
        const changes = changesOf(before, ratings);
        if (changes.length === 0) continue;
        changed++;
        for (const c of changes) {
          if (c.from === 'suitable') movedOut++;
          if (c.to === 'suitable') movedIn++;
        }
        await appendEvent(
          trx,
          {
            tenantId,
            itemRef: row.itemRef,
            itemVersion: row.version,
            type: 'rerated',
            actor: { type: 'system', id: null },
            note: `${previous ?? '—'} → ${rater.key}`,
            changes,
          },
          now,
        );
      }
    });
  }
  await t
    .insertInto('poolState')
    .values({ tenantId, ratedWith: rater.key, ratedAt: now })
    .onConflict((oc) => oc.column('tenantId').doUpdateSet({ ratedWith: rater.key, ratedAt: now }))
    .execute();
  return { ratedWith: rater.key, previous, items, changed, movedOut, movedIn };
}

/** The themes a guardian switched off for a minor. */
export async function getPoolThemesOff(db: Kysely<Database>, tenantId: string, minorRef: string): Promise<PoolTheme[]> {
  const rows = await poolTables(db)
    .selectFrom('poolThemeBlocks')
    .select('theme')
    .where('tenantId', '=', tenantId)
    .where('minorRef', '=', minorRef)
    .orderBy('theme')
    .execute();
  return rows.map((r) => r.theme).filter(isPoolTheme);
}

/** Replaces the themes switched off for a minor (a guardian's choice; the law's rules are not theirs to loosen). */
export async function setPoolThemesOff(
  db: Kysely<Database>,
  input: {
    readonly tenantId: string;
    readonly minorRef: string;
    readonly themes: readonly PoolTheme[];
    readonly guardianId: string | null;
  },
  now: number,
): Promise<PoolTheme[]> {
  input.themes.forEach((t, i) => {
    if (!isPoolTheme(t))
      throw new AppError('validation_failed', 'Not a pool theme.', [
        { path: `themes[${i}]`, message: `${String(t)} is not a pool theme` },
      ]);
  });
  const themes = [...new Set(input.themes)];
  await poolTables(db)
    .transaction()
    .execute(async (trx) => {
      await trx
        .deleteFrom('poolThemeBlocks')
        .where('tenantId', '=', input.tenantId)
        .where('minorRef', '=', input.minorRef)
        .execute();
      if (themes.length > 0)
        await trx
          .insertInto('poolThemeBlocks')
          .values(
            themes.map((theme) => ({
              tenantId: input.tenantId,
              minorRef: input.minorRef,
              theme,
              guardianId: input.guardianId,
              createdAt: now,
            })),
          )
          .execute();
    });
  return themes.sort();
}

/** Every active item of a tenant with its ratings (coverage reads them all; a pool is thousands, not millions). */
export async function listActivePoolItems(db: Kysely<Database>, tenantId: string): Promise<PoolItem[]> {
  const t = poolTables(db);
  const rows = await t
    .selectFrom('poolItems')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('status', '=', 'active')
    .orderBy('itemRef')
    .execute();
  return withRatings(t, tenantId, rows);
}

/** How many active items suitable for the band each theme has (themes without any are left out). */
export async function countPoolThemes(
  db: Kysely<Database>,
  tenantId: string,
  band: PoolBand,
): Promise<Partial<Record<PoolTheme, number>>> {
  const rows = await poolTables(db)
    .selectFrom('poolItemThemes as th')
    .innerJoin('poolItems as i', (j) => j.onRef('i.tenantId', '=', 'th.tenantId').onRef('i.itemRef', '=', 'th.itemRef'))
    .innerJoin('poolRatings as r', (j) =>
      j.onRef('r.tenantId', '=', 'th.tenantId').onRef('r.itemRef', '=', 'th.itemRef').on('r.band', '=', band),
    )
    .select(['th.theme', (eb) => eb.fn.countAll<number>().as('n')])
    .where('th.tenantId', '=', tenantId)
    .where('i.status', '=', 'active')
    .where('r.rating', '=', 'suitable')
    .groupBy('th.theme')
    .execute();
  const counts: Partial<Record<PoolTheme, number>> = {};
  for (const r of rows) if (isPoolTheme(r.theme)) counts[r.theme] = Number(r.n);
  return counts;
}
