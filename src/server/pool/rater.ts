import { createHash } from 'node:crypto';
import type { Model } from '../../engine/index.js';
import { POOL_RULES_VERSION } from '../../policy/index.js';
import { poolRatedWith, reratePool, type PoolRater, type RerateResult, type Tenant } from '../../store/index.js';
import type { EngineRegistry } from '../engine-registry.js';
import type { ServiceDeps } from '../service-deps.js';

const modelIds = new WeakMap<Model, string>();

/** A short name of a model's weights: retraining changes its scales, biases and calibration. */
function modelIdOf(model: Model | undefined): string {
  if (model === undefined) return 'none';
  let id = modelIds.get(model);
  if (id === undefined) {
    const m = model.meta;
    const digest = createHash('sha256')
      .update(JSON.stringify([m.buckets, m.scales, m.bias, m.occurrence ?? [], m.calibration, m.flagAt ?? []]))
      .digest('hex');
    id = digest.slice(0, 10);
    modelIds.set(model, id);
  }
  return id;
}

/**
 * The rater of a tenant's pool now: the engine serving the tenant (its lexicon version, the shared model, the tenant's
 * model threshold) and the rules version, named in `key` so a rating made with another is re-derived.
 */
export function poolRaterFor(deps: { readonly engines: EngineRegistry }, tenant: Tenant): PoolRater {
  const snapshot = deps.engines.forTenant(tenant.id);
  const threshold = tenant.modelThreshold;
  const key =
    `rules:${POOL_RULES_VERSION} lexicon:${snapshot.version} model:${modelIdOf(snapshot.engine.model)}` +
    (threshold === null ? '' : ` threshold:${threshold}`);
  return {
    key,
    moderate: (text, band) =>
      snapshot.engine.moderate(text, { ageBand: band, ...(threshold === null ? {} : { modelThreshold: threshold }) }),
  };
}

/** The lexicon version a rater key names (0 when it names none). */
export function lexiconVersionOf(key: string): number {
  return Number(/(?:^| )lexicon:(\d+)/.exec(key)?.[1] ?? 0);
}

const running = new WeakMap<ServiceDeps, Map<string, Promise<RerateResult | null>>>();

/**
 * Re-derives the tenant's ratings when the lexicon, the model, the threshold or the rules changed since they were made,
 * one run per tenant at a time; resolves with what moved, or null when the ratings were current.
 */
export function ensurePoolRated(deps: ServiceDeps, tenant: Tenant): Promise<RerateResult | null> {
  let perTenant = running.get(deps);
  if (perTenant === undefined) {
    perTenant = new Map();
    running.set(deps, perTenant);
  }
  const inFlight = perTenant.get(tenant.id);
  if (inFlight !== undefined) return inFlight;
  const run = (async () => {
    const rater = poolRaterFor(deps, tenant);
    const stored = await poolRatedWith(deps.store.db, tenant.id);
    if (stored === rater.key) return null;
    // Another process may already serve a newer lexicon version; this one catches up on its next sync, and re-rating
    // with the older engine meanwhile would only move items back and forth.
    if (stored !== null && lexiconVersionOf(stored) > lexiconVersionOf(rater.key)) return null;
    const result = await reratePool(deps.store.db, tenant.id, rater, deps.clock());
    if (result.changed > 0) deps.log.info({ tenant: tenant.id, ...result }, 'content pool re-rated');
    return result;
  })();
  perTenant.set(tenant.id, run);
  const settle = (): void => {
    if (perTenant.get(tenant.id) === run) perTenant.delete(tenant.id);
  };
  run.then(settle, settle);
  return run;
}
