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
  );
  void deps.engines.refresh(tenantId).then((e) => deps.metrics.setLexiconVersion(tenantId, e.version));
  return { version };
}
