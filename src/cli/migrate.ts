import { parseArgs } from 'node:util';
import { loadConfig } from '../server/index.js';
import { openStore, pendingMigrations } from '../store/index.js';
import type { Io } from './io.js';
import { withStore } from './service-store.js';

export const MIGRATE_HELP = `qinglang migrate [--status]
  Applies every pending database migration (serve also does this at start). DATABASE_URL picks the database.
  --status             list pending migrations without applying them`;

/** `qinglang migrate`. */
export async function runMigrate(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { status: { type: 'boolean' } } });
  if (values.status === true) {
    const config = loadConfig(process.env);
    const store = await openStore({
      databaseUrl: config.databaseUrl,
      databaseSchema: config.databaseSchema,
      poolSize: 1,
    });
    try {
      const pending = await pendingMigrations(store.db);
      io.stdout.write(pending.length === 0 ? 'up to date\n' : `pending: ${pending.join(', ')}\n`);
    } finally {
      await store.close();
    }
    return 0;
  }
  await withStore(process.env, (store, _config, applied) => {
    io.stdout.write(
      `${store.description}: ${applied.length === 0 ? 'already up to date' : `applied ${applied.join(', ')}`}\n`,
    );
    return Promise.resolve();
  });
  return 0;
}
