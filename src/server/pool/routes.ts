import { Hono } from 'hono';
import { AppError } from '../../lib/index.js';
import {
  POOL_BANDS,
  isPoolBand,
  poolCoverage,
  type ContentRating,
  type Decision,
  type Label,
  type PoolBand,
  type PoolTheme,
} from '../../policy/index.js';
import {
  decideForMinor,
  getMinorByRef,
  getMinorOverview,
  getPoolItem,
  getPoolItems,
  getPoolThemesOff,
  listActivePoolItems,
  listPool,
  listPoolEvents,
  putPoolItems,
  reratePool,
  reviewPoolItem,
  withdrawPoolItem,
  type PoolActor,
  type PoolEvent,
  type PoolItem,
  type PoolItemInput,
  type Tenant,
} from '../../store/index.js';
import type { AppEnv } from '../app-env.js';
import { readJson, validate } from '../request-body.js';
import type { ServiceDeps } from '../service-deps.js';
import { ensurePoolRated, poolRaterFor } from './rater.js';
import { poolSchemas as schemas } from './schemas.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** An item as the API shows it; lists leave the text out. */
export function poolItemJson(item: PoolItem, withText = true) {
  return {
    ref: item.ref,
    version: item.version,
    title: item.title,
    ...(withText ? { text: item.text } : {}),
    kind: item.kind,
    themes: item.themes,
    source: item.source,
    creator: item.creator,
    durationSeconds: item.durationSeconds,
    publishedAt: iso(item.publishedAt),
    status: item.status,
    withdrawnReason: item.withdrawnReason,
    minBand: item.minBand,
    ratedWith: item.ratedWith,
    createdAt: iso(item.createdAt),
    updatedAt: iso(item.updatedAt),
    ratings: item.ratings,
  };
}

/** An event as the API shows it. */
export function poolEventJson(e: PoolEvent) {
  return { ...e, createdAt: iso(e.createdAt) };
}

function inputOf(
  ref: string,
  body: Omit<PoolItemInput, 'ref' | 'publishedAt'> & { publishedAt?: string | null | undefined },
): PoolItemInput {
  return {
    ref,
    title: body.title,
    text: body.text,
    kind: body.kind,
    themes: body.themes,
    source: body.source ?? null,
    creator: body.creator ?? null,
    durationSeconds: body.durationSeconds ?? null,
    publishedAt: body.publishedAt === undefined || body.publishedAt === null ? null : Date.parse(body.publishedAt),
  };
}

/** Why a minor may not be shown an item now. */
export type Refusal = 'not_found' | 'withdrawn' | 'rating' | 'theme_off' | 'content' | 'time';

const REFUSAL_REASON: Record<Exclude<Refusal, 'not_found' | 'content' | 'time'>, Label> = {
  withdrawn: { zh: '这个内容已下架', en: 'This item has been withdrawn.' },
  rating: { zh: '这个内容不适合这个年龄段', en: 'This item is not rated suitable for this age band.' },
  theme_off: { zh: '家长关闭了这个主题', en: 'A guardian switched this theme off.' },
};

/** A minor's view of the pool: the band its content is rated for and the themes its guardian switched off. */
interface MinorView {
  readonly minorRef: string | null;
  readonly band: PoolBand;
  readonly themesOff: readonly PoolTheme[];
}

async function minorView(
  deps: ServiceDeps,
  tenant: Tenant,
  minorRef: string | undefined,
  band: PoolBand | undefined,
): Promise<MinorView> {
  if ((minorRef === undefined) === (band === undefined))
    throw new AppError('validation_failed', 'Send either minorRef or band.', [
      { path: 'minorRef', message: 'one of minorRef, band' },
    ]);
  if (minorRef === undefined) return { minorRef: null, band: band!, themesOff: [] };
  const now = deps.clock();
  const minor = await getMinorByRef(deps.store.db, tenant.id, minorRef, now);
  const overview = await getMinorOverview(deps.store.db, minor.id, now);
  const content = overview.policy.contentBand.value;
  // An adult has no pool of its own; the oldest minors' band is the nearest rating there is.
  return {
    minorRef,
    band: isPoolBand(content) ? content : 'age_16_18',
    themesOff: await getPoolThemesOff(deps.store.db, tenant.id, minorRef),
  };
}

/** Whether one item may be shown to the minor now, and every part of the answer. */
async function checkItem(
  deps: ServiceDeps,
  tenant: Tenant,
  view: MinorView,
  item: PoolItem,
  knownUse: Decision | null,
  /** Content decisions already asked, by rating: a recommendation list asks each distinct one once. */
  asked: Map<string, Decision> = new Map(),
) {
  const rating = item.ratings[view.band];
  const themesOff = item.themes.filter((t) => view.themesOff.includes(t));
  // A reviewer's decision wins: the categories the engine found are passed on only while no person has looked.
  const categories =
    rating.review === null ? rating.reasons.flatMap((r) => (r.category === undefined ? [] : [r.category])) : [];
  let content: Decision | null = null;
  let use: Decision | null = knownUse;
  if (view.minorRef !== null) {
    const at = deps.clock();
    const contentRating: ContentRating = {
      categories: [...new Set(categories)].sort(),
      minBand: item.minBand ?? 'adult',
    };
    const key = JSON.stringify(contentRating);
    content =
      asked.get(key) ??
      (await decideForMinor(
        deps.store.db,
        { tenantId: tenant.id, minorRef: view.minorRef, request: { kind: 'content.view', rating: contentRating } },
        at,
      ));
    asked.set(key, content);
    use ??= await decideForMinor(
      deps.store.db,
      { tenantId: tenant.id, minorRef: view.minorRef, request: { kind: 'session.heartbeat' } },
      at,
    );
  }
  let refusal: { code: Refusal; reason: Label } | null = null;
  if (item.status === 'withdrawn') refusal = { code: 'withdrawn', reason: REFUSAL_REASON.withdrawn };
  else if (rating.rating !== 'suitable') refusal = { code: 'rating', reason: REFUSAL_REASON.rating };
  else if (themesOff.length > 0) refusal = { code: 'theme_off', reason: REFUSAL_REASON.theme_off };
  else if (content !== null && content.outcome !== 'allow') refusal = { code: 'content', reason: content.reason };
  else if (use !== null && use.outcome !== 'allow') refusal = { code: 'time', reason: use.reason };
  return { refusal, rating, themesOff, content, use };
}

const actorOf = (keyId: string): PoolActor => ({ type: 'key', id: keyId });

/** The content pool API (scope `pool`): items, ratings, reviews, the pool per band, check, filter, coverage, changes. */
export function createPoolRoutes(deps: ServiceDeps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  const auth = deps.auth.require('pool');

  api.post('/pool/items', auth, async (c) => {
    const raw = await readJson(c);
    // One item or a batch, told apart by `items`, so a bad field is named in the shape that was meant.
    const body =
      typeof raw === 'object' && raw !== null && 'items' in raw
        ? validate(schemas.putBatch, raw)
        : validate(schemas.putItem, raw);
    const { key, tenant } = c.var.caller;
    await ensurePoolRated(deps, tenant);
    const inputs = 'items' in body ? body.items.map((i) => inputOf(i.ref, i)) : [inputOf(body.ref, body)];
    const done = await putPoolItems(
      deps.store.db,
      tenant.id,
      inputs,
      poolRaterFor(deps, tenant),
      actorOf(key.id),
      deps.clock(),
    );
    if (!('items' in body)) {
      const one = done[0]!;
      return c.json({ outcome: one.outcome, item: poolItemJson(one.item) }, one.outcome === 'created' ? 201 : 200);
    }
    return c.json({
      results: done.map((d) => ({
        ref: d.item.ref,
        outcome: d.outcome,
        minBand: d.item.minBand,
        ratings: Object.fromEntries(POOL_BANDS.map((b) => [b, d.item.ratings[b].rating])),
      })),
    });
  });

  api.patch('/pool/items/:ref', auth, async (c) => {
    const ref = c.req.param('ref');
    const patch = validate(schemas.patch, await readJson(c));
    const { key, tenant } = c.var.caller;
    const old = await getPoolItem(deps.store.db, tenant.id, ref);
    if (old === undefined) throw new AppError('not_found', `No pool item ${ref}.`);
    await ensurePoolRated(deps, tenant);
    const merged: PoolItemInput = {
      ref,
      title: patch.title ?? old.title,
      text: patch.text ?? old.text,
      kind: patch.kind ?? old.kind,
      themes: patch.themes ?? old.themes,
      source: patch.source === undefined ? old.source : patch.source,
      creator: patch.creator === undefined ? old.creator : patch.creator,
      durationSeconds: patch.durationSeconds === undefined ? old.durationSeconds : patch.durationSeconds,
      publishedAt:
        patch.publishedAt === undefined || patch.publishedAt === null ? old.publishedAt : Date.parse(patch.publishedAt),
    };
    const [done] = await putPoolItems(
      deps.store.db,
      tenant.id,
      [merged],
      poolRaterFor(deps, tenant),
      actorOf(key.id),
      deps.clock(),
    );
    return c.json({ outcome: done!.outcome, item: poolItemJson(done!.item) });
  });

  api.post('/pool/items/:ref/withdraw', auth, async (c) => {
    const input = validate(schemas.withdraw, await readJson(c));
    const { key, tenant } = c.var.caller;
    const item = await withdrawPoolItem(
      deps.store.db,
      tenant.id,
      c.req.param('ref'),
      input.reason ?? null,
      actorOf(key.id),
      deps.clock(),
    );
    return c.json(poolItemJson(item));
  });

  api.post('/pool/items/:ref/review', auth, async (c) => {
    const input = validate(schemas.review, await readJson(c));
    const { key, tenant } = c.var.caller;
    await ensurePoolRated(deps, tenant);
    const item = await reviewPoolItem(
      deps.store.db,
      tenant.id,
      c.req.param('ref'),
      { bands: input.bands, rating: input.rating, note: input.note, version: input.version },
      { type: 'key', id: input.reviewer === undefined ? key.id : `${key.id}:${input.reviewer}` },
      deps.clock(),
    );
    return c.json(poolItemJson(item));
  });

  api.get('/pool/items/:ref', auth, async (c) => {
    const { tenant } = c.var.caller;
    const ref = c.req.param('ref');
    await ensurePoolRated(deps, tenant);
    const item = await getPoolItem(deps.store.db, tenant.id, ref);
    if (item === undefined) throw new AppError('not_found', `No pool item ${ref}.`);
    const history = await listPoolEvents(deps.store.db, { tenantId: tenant.id, itemRef: ref, limit: 200 });
    return c.json({ ...poolItemJson(item), history: history.map(poolEventJson) });
  });

  api.get('/pool', auth, async (c) => {
    const query = validate(schemas.listQuery, c.req.query(), 'query');
    const { tenant } = c.var.caller;
    await ensurePoolRated(deps, tenant);
    const view = await minorView(deps, tenant, query.minorRef, query.band);
    const page = await listPool(deps.store.db, {
      tenantId: tenant.id,
      band: view.band,
      theme: query.theme,
      kind: query.kind,
      themesOff: view.themesOff,
      limit: query.limit,
      cursor: query.cursor,
    });
    const items = page.items.map((i) => {
      const { ratings, ...rest } = poolItemJson(i, false);
      return { ...rest, rating: ratings[view.band] };
    });
    return c.json({ band: view.band, items, nextCursor: page.nextCursor });
  });

  api.post('/pool/check', auth, async (c) => {
    const input = validate(schemas.check, await readJson(c));
    const { tenant } = c.var.caller;
    await ensurePoolRated(deps, tenant);
    const view = await minorView(deps, tenant, input.minorRef, undefined);
    const item = await getPoolItem(deps.store.db, tenant.id, input.itemRef);
    if (item === undefined)
      throw new AppError('not_found', `No pool item ${input.itemRef}.`, [
        { path: 'itemRef', message: 'not registered' },
      ]);
    const checked = await checkItem(deps, tenant, view, item, null);
    return c.json({
      allowed: checked.refusal === null,
      itemRef: item.ref,
      band: view.band,
      refusal: checked.refusal,
      rating: checked.rating,
      themesOff: checked.themesOff,
      content: checked.content,
      now: checked.use,
    });
  });

  api.post('/pool/filter', auth, async (c) => {
    const input = validate(schemas.filter, await readJson(c));
    const { tenant } = c.var.caller;
    await ensurePoolRated(deps, tenant);
    const view = await minorView(deps, tenant, input.minorRef, input.band);
    const items = await getPoolItems(deps.store.db, tenant.id, input.itemRefs);
    const allowed: string[] = [];
    const refused: { itemRef: string; code: Refusal }[] = [];
    // The use decision (curfew, daily total) is the same for every candidate: asked once.
    let use: Decision | null = null;
    const asked = new Map<string, Decision>();
    for (const itemRef of input.itemRefs) {
      const item = items.get(itemRef);
      if (item === undefined) {
        refused.push({ itemRef, code: 'not_found' });
        continue;
      }
      const checked = await checkItem(deps, tenant, view, item, use, asked);
      use ??= checked.use;
      if (checked.refusal === null) allowed.push(itemRef);
      else refused.push({ itemRef, code: checked.refusal.code });
    }
    return c.json({ band: view.band, allowed, refused });
  });

  api.get('/pool/coverage', auth, async (c) => {
    const { tenant } = c.var.caller;
    await ensurePoolRated(deps, tenant);
    const items = await listActivePoolItems(deps.store.db, tenant.id);
    return c.json(poolCoverage(items, deps.clock()));
  });

  api.get('/pool/changes', auth, async (c) => {
    const query = validate(schemas.eventsQuery, c.req.query(), 'query');
    const { tenant } = c.var.caller;
    await ensurePoolRated(deps, tenant);
    const events = await listPoolEvents(deps.store.db, {
      tenantId: tenant.id,
      types: ['rerated', 'reviewed', 'withdrawn'],
      limit: query.limit,
      beforeId: query.before,
    });
    return c.json({ events: events.map(poolEventJson) });
  });

  api.post('/pool/rerate', auth, async (c) => {
    const { tenant } = c.var.caller;
    const result = await reratePool(deps.store.db, tenant.id, poolRaterFor(deps, tenant), deps.clock());
    return c.json(result);
  });

  return api;
}
