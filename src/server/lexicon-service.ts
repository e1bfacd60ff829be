import { changeTenantLexicon, type LexiconChange } from '../store/index.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * Stores a lexicon change as a new version and starts compiling it in the background; the previous engine serves until the
 * swap. For the API and the console alike.
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
  deps.engines.refresh(tenantId).catch((error: unknown) => {
    deps.log.error({ err: error, tenant: tenantId, version }, 'lexicon refresh failed; the next poll retries');
  });
  return { version };
}
