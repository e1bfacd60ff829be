import type { Logger } from 'pino';
import {
  compileLexicon,
  createEngine,
  parseLexicon,
  type Engine,
  type LexiconSource,
  type Model,
  type Verdict,
} from '../engine/index.js';
import { currentLexiconVersions, getTenantLexiconSource, type Database } from '../store/index.js';
import type { Kysely } from 'kysely';
import { isAppError } from '../lib/index.js';
import { createLexiconCompiler, type LexiconCompiler, type WireLexicon } from './lexicon-compiler.js';
import { createModerationPool, type ModerationItem, type ModerationPool } from './moderation-pool.js';

/**
 * Requests with at least this many UTF-16 units of text in all are judged in the moderation pool's workers, not on the
 * event loop: about 10 ms of engine time, past which other callers would wait noticeably behind one request.
 */
export const POOL_MIN_UNITS = 20_000;

/** The engine that serves a tenant now, and the lexicon version it was compiled from (0: the default lexicon alone). */
export interface TenantEngine {
  readonly engine: Engine;
  readonly version: number;
}

/**
 * Compiled engines per tenant. A request takes one `TenantEngine` snapshot and uses it to the end, so a swap never affects a
 * request in flight and a verdict always names the version that produced it.
 */
export interface EngineRegistry {
  readonly defaultSources: readonly LexiconSource[];
  readonly defaultEngine: Engine;
  /** The engine serving the tenant now: its newest compiled version, or the default engine. */
  forTenant(tenantId: string): TenantEngine;
  /**
   * Compiles the tenant's stored version if it is newer than the one serving, then swaps; resolves with what serves.
   * Refreshes of a tenant run one after another, each reading the stored version when it starts, so the last one ends
   * with the newest version; a refresh asked for while another waits to start is that one.
   */
  refresh(tenantId: string): Promise<TenantEngine>;
  /** Refreshes every tenant whose stored version differs from the one serving (changes made by other processes). */
  sync(): Promise<void>;
  /** The version serving each tenant that has its own lexicon. */
  versions(): ReadonlyMap<string, number>;
  /**
   * Judges texts with a snapshot's engine, verdicts in order: on the event loop when they are few and short, in the
   * moderation pool's worker threads when they hold POOL_MIN_UNITS or more (a pool is configured), so one large batch
   * does not hold every other caller. A worker that fails falls back to the snapshot's own engine. `inPool` sends even a
   * small job to the pool (a sweep's chunks: the worker process keeps its event loop for the queue and the database).
   */
  moderateMany(
    tenantId: string,
    snapshot: TenantEngine,
    items: readonly ModerationItem[],
    options?: { readonly inPool?: boolean },
  ): Promise<Verdict[]>;
  /** Stops the pool's workers and the lexicon compiler. */
  close(): Promise<void>;
}

/**
 * Creates the registry and compiles the default engine.
 *
 * @NOTE A tenant's lexicon is compiled in the lexicon compiler's worker thread (0.4–0.6 s with the default lexicon, which
 * stalled every caller when it ran on the event loop); the event loop only builds the engine over the tables it gets back.
 * Other requests keep using the previous engine until the single assignment that swaps it; a compile that fails leaves
 * the previous engine serving.
 */
export function createEngineRegistry(options: {
  readonly db: Kysely<Database>;
  readonly defaultSources: readonly LexiconSource[];
  /** The model stage every engine shares (its weights are read-only); absent: lexicon only. */
  readonly model?: Model | undefined;
  readonly log: Logger;
  readonly onSwap?: (tenantId: string, version: number) => void;
  /** Worker threads for large requests (MODERATION_WORKERS); 0 or absent: everything is judged on the event loop. */
  readonly workers?: number;
  /** Where tenants' lexicons are compiled; default: a lexicon compiler of the registry's own (closed with it). */
  readonly compiler?: LexiconCompiler;
}): EngineRegistry {
  const { db, defaultSources, log } = options;
  const defaults = compileLexicon(parseLexicon(defaultSources));
  const defaultEngine = createEngine(defaults, options.model);
  const fallback: TenantEngine = { engine: defaultEngine, version: 0 };
  /** `wire`: the compiled lexicon as the moderation pool's workers take it (none for an empty source: the default). */
  const engines = new Map<
    string,
    TenantEngine & { readonly source: LexiconSource; readonly wire: WireLexicon | undefined }
  >();
  const pool: ModerationPool | undefined =
    (options.workers ?? 0) > 0
      ? createModerationPool({ size: options.workers!, defaultSources, model: options.model, log })
      : undefined;
  const compiler = options.compiler ?? createLexiconCompiler({ defaultSources, defaults: defaults.lexicon, log });
  // Tenants whose rows render to the same source (none left, or the same few) share one compiled engine: each costs tens of MB.
  const compiled = async (source: LexiconSource): Promise<{ engine: Engine; wire: WireLexicon | undefined }> => {
    if (source.text.trim() === '') return { engine: defaultEngine, wire: undefined };
    for (const e of engines.values()) if (e.source.text === source.text) return e;
    const { compiled: tables, wire } = await compiler.compile(source);
    return { engine: createEngine(tables, options.model), wire };
  };
  const running = new Map<string, Promise<TenantEngine>>();
  // A refresh that has not read the stored version yet: a refresh asked for meanwhile would read the same one.
  const waiting = new Map<string, Promise<TenantEngine>>();
  // A version that failed to compile is not tried again on every poll; a newer version is.
  const failed = new Map<string, number>();

  const load = async (tenantId: string): Promise<TenantEngine> => {
    const current = engines.get(tenantId) ?? fallback;
    const stored = await db
      .selectFrom('tenants')
      .select('lexiconVersion')
      .where('id', '=', tenantId)
      .executeTakeFirst();
    if (stored === undefined || stored.lexiconVersion <= current.version) return current;
    const version = stored.lexiconVersion;
    if (failed.get(tenantId) === version) return current;
    const source = await getTenantLexiconSource(db, tenantId, version);
    if (source === undefined) return current;
    const started = performance.now();
    try {
      const next = { ...(await compiled(source)), version, source };
      // Refreshes of one tenant run one after another, so this is the newest version: one assignment swaps it in.
      engines.set(tenantId, next);
      options.onSwap?.(tenantId, version);
      log.info({ tenant: tenantId, version, ms: Math.round(performance.now() - started) }, 'lexicon swapped');
      return next;
    } catch (error) {
      // A lexicon that does not compile fails the same way every time; a compiler that died is tried again next poll.
      if (isAppError(error)) failed.set(tenantId, version);
      log.error(
        { tenant: tenantId, version, err: error },
        'lexicon version failed to compile; previous engine keeps serving',
      );
      return current;
    }
  };

  const refresh = (tenantId: string): Promise<TenantEngine> => {
    const queued = waiting.get(tenantId);
    if (queued !== undefined) return queued;
    const previous = running.get(tenantId);
    const next: Promise<TenantEngine> = (previous ?? Promise.resolve(fallback))
      .catch(() => fallback)
      .then(() => {
        waiting.delete(tenantId);
        return load(tenantId);
      });
    waiting.set(tenantId, next);
    running.set(tenantId, next);
    const settle = (): void => {
      if (running.get(tenantId) === next) running.delete(tenantId);
    };
    // The caller handles a rejection; this only tidies up, without leaving a second, unhandled rejected promise.
    next.then(settle, settle);
    return next;
  };

  return {
    defaultSources,
    defaultEngine,
    forTenant: (tenantId) => engines.get(tenantId) ?? fallback,
    refresh,
    async sync() {
      const stored = await currentLexiconVersions(db);
      const stale = [...stored].filter(([tenantId, version]) => (engines.get(tenantId)?.version ?? 0) < version);
      for (const [tenantId] of stale) await refresh(tenantId);
    },
    versions: () => new Map([...engines].map(([tenantId, e]) => [tenantId, e.version])),
    async moderateMany(tenantId, snapshot, items, options) {
      const inline = (): Verdict[] => items.map((item) => snapshot.engine.moderate(item.text, item.options));
      let units = 0;
      for (const item of items) units += item.text.length;
      // The workers compile from the lexicon source: the snapshot's own (a swap since it was taken stays inline).
      const own = engines.get(tenantId);
      const source = snapshot.version === 0 ? null : own?.version === snapshot.version ? own.source : undefined;
      const small = units < POOL_MIN_UNITS && options?.inPool !== true;
      if (pool === undefined || small || source === undefined) return inline();
      try {
        const wire = own?.version === snapshot.version ? own.wire : undefined;
        return await pool.moderate({ id: tenantId, version: snapshot.version, source, wire }, items);
      } catch (error) {
        log.error({ err: error, tenant: tenantId }, 'moderation pool failed; judged on the event loop instead');
        return inline();
      }
    },
    async close() {
      await Promise.all([pool?.close(), options.compiler === undefined ? compiler.close() : undefined]);
    },
  };
}
