import type { Logger } from 'pino';
import type { Model } from '../../engine/index.js';
import { AppError } from '../../lib/index.js';
import {
  getTenant,
  loadDefaultLexiconSources,
  putPoolItems,
  readPoolCatalogue,
  reratePool,
  type PutOutcome,
  type Store,
} from '../../store/index.js';
import { createEngineRegistry } from '../engine-registry.js';
import { poolRaterFor } from './rater.js';

/** What loading a catalogue did. */
export interface SeedResult {
  readonly items: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Items per rating of the youngest band each suits (null: none). */
  readonly refusedEverywhere: number;
  readonly ratedWith: string;
}

/**
 * Loads a catalogue (the demo's by default) into a tenant's pool, rated with the engine the service would use for the
 * tenant (the default lexicon, the tenant's own version and the model), in batches; registering it again changes nothing.
 */
export async function seedPool(options: {
  readonly store: Store;
  readonly tenantId: string;
  readonly lexiconDir: string | undefined;
  readonly model: Model | undefined;
  readonly log: Logger;
  readonly now: number;
  readonly file?: string | undefined;
}): Promise<SeedResult> {
  const { store, tenantId, now } = options;
  const tenant = await getTenant(store.db, tenantId);
  if (tenant === undefined)
    throw new AppError('not_found', `No tenant ${tenantId}; create it with qinglang tenants create.`);
  const inputs = await readPoolCatalogue(options.file);
  const engines = createEngineRegistry({
    db: store.db,
    defaultSources: await loadDefaultLexiconSources(options.lexiconDir),
    model: options.model,
    log: options.log,
  });
  await engines.refresh(tenantId);
  const rater = poolRaterFor({ engines }, tenant);
  // Items already there are re-rated with this engine first, so the pool is rated with one engine throughout.
  await reratePool(store.db, tenantId, rater, now);
  const done: PutOutcome[] = [];
  for (let i = 0; i < inputs.length; i += 200) {
    done.push(
      ...(await putPoolItems(store.db, tenantId, inputs.slice(i, i + 200), rater, { type: 'system', id: 'seed' }, now)),
    );
  }
  return {
    items: done.length,
    created: done.filter((d) => d.outcome === 'created').length,
    updated: done.filter((d) => d.outcome === 'updated').length,
    unchanged: done.filter((d) => d.outcome === 'unchanged').length,
    refusedEverywhere: done.filter((d) => d.item.minBand === null).length,
    ratedWith: rater.key,
  };
}
