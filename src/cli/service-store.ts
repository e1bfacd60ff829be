import { loadConfig, preparePersonalData, type Config } from '../server/index.js';
import { migrateToLatest, openStore, type Store } from '../store/index.js';

/** Opens the configured database, brings it up to date and runs the work; the store is closed whatever happens. */
export async function withStore<T>(
  env: Readonly<Record<string, string | undefined>>,
  work: (store: Store, config: Config, applied: readonly string[]) => Promise<T>,
): Promise<T> {
  const config = loadConfig(env);
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    databaseSchema: config.databaseSchema,
    poolSize: 2,
  });
  try {
    const applied = await migrateToLatest(store.db);
    await preparePersonalData(config, store, undefined, { create: false });
    return await work(store, config, applied);
  } finally {
    await store.close();
  }
}
