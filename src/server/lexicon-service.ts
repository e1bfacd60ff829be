import { changeTenantLexicon, type LexiconChange } from '../store/index.js';
import { queuePoolRerate } from './jobs/index.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * Stores a lexicon change as a new version, tells the other processes, and starts compiling it in the background; the
 * previous engine serves until the swap, after which the tenant's content pool is re-rated. For the API and the console
 * alike.
 */
export async function updateTenantLexicon(
  deps: ServiceDeps,
  tenantId: string,
  change: LexiconChange,
): Promise<{ readonly version: number }> {
  const { version } = await changeTenantLexicon(
    deps.store.db,
    tenantId,
    change,
    deps.engines.defaultSources,
    deps.clock(),
    deps.config.maxTenantTerms,
  );
  // Every other process compiles and swaps the new version as soon as it hears of it (within a second), not at its poll.
  await deps.peers.announce({ kind: 'lexicon', tenantId, version });
  deps.engines
    .refresh(tenantId)
    .then(
      // The content pool is re-rated with the new engine now, not at its next call, so coverage shows what moved: a job,
      // so that with NATS the process that takes it re-rates (once per version) while this one answers calls.
      () => queuePoolRerate(deps, { tenantId, version }),
      (error: unknown) => {
        deps.log.error({ err: error, tenant: tenantId, version }, 'lexicon refresh failed; the next poll retries');
      },
    )
    .catch((error: unknown) => {
      deps.log.error(
        { err: error, tenant: tenantId, version },
        'content pool re-rating failed; the next pool call retries',
      );
    });
  return { version };
}
