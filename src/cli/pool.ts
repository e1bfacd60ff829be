import { parseArgs } from 'node:util';
import { AppError } from '../lib/index.js';
import { createLogger, loadConfiguredModel, seedPool } from '../server/index.js';
import type { Io } from './io.js';
import { withStore } from './service-store.js';

export const POOL_HELP = `qinglang pool seed-demo --tenant ID [--file CATALOGUE.tsv]
  Loads the project's demo catalogue of the youth content pool (data/pool-demo/catalogue.tsv: a few hundred items across
  bands, themes and kinds, some that must be refused) into the tenant's pool and rates every item for each minors' band
  with the engine the service uses for the tenant. Running it again changes nothing. --file loads another catalogue of
  the same columns (ref kind themes minutes published creator title text, tab-separated).`;

/** `qinglang pool seed-demo`. */
export async function runPool(argv: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { tenant: { type: 'string' }, file: { type: 'string' } },
    allowPositionals: true,
  });
  if (sub !== 'seed-demo' || positionals.length > 0) throw new AppError('usage', POOL_HELP);
  const tenantId = values.tenant;
  if (tenantId === undefined || tenantId === '')
    throw new AppError('usage', `pool seed-demo needs --tenant ID.\n${POOL_HELP}`);
  const result = await withStore(process.env, async (store, config) =>
    seedPool({
      store,
      tenantId,
      lexiconDir: config.lexiconDir,
      model: await loadConfiguredModel(config),
      log: createLogger('warn'),
      now: Date.now(),
      file: values.file,
    }),
  );
  io.stdout.write(
    `tenant ${tenantId}: ${result.items} items (${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged); ` +
      `${result.refusedEverywhere} suit no band; rated with ${result.ratedWith}\n`,
  );
  return 0;
}
