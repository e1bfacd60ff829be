import { parseArgs } from 'node:util';
import { AppError } from '../lib/index.js';
import { createTenant, listTenants } from '../store/index.js';
import type { Io } from './io.js';
import { withStore } from './service-store.js';

export const TENANTS_HELP = `qinglang tenants create ID [--name NAME] [--store-text] [--retention-days N]
qinglang tenants list
  Tenants are the platforms using the service. Raw text stays out of the decision log unless --store-text.`;

/** `qinglang tenants create|list`. */
export async function runTenants(argv: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      'store-text': { type: 'boolean' },
      'retention-days': { type: 'string' },
    },
    allowPositionals: true,
  });
  switch (sub ?? '') {
    case 'create': {
      const [id] = positionals;
      if (id === undefined) throw new AppError('usage', `tenants create needs an ID.\n${TENANTS_HELP}`);
      const daysText = values['retention-days'];
      const retentionDays = daysText === undefined ? undefined : Number(daysText);
      if (retentionDays !== undefined && (!Number.isSafeInteger(retentionDays) || retentionDays < 1)) {
        throw new AppError('usage', '--retention-days must be a whole number of days.');
      }
      const tenant = await withStore(process.env, (store) =>
        createTenant(store.db, { id, name: values.name, storeText: values['store-text'], retentionDays }, Date.now()),
      );
      io.stdout.write(`created tenant ${tenant.id}\n`);
      return 0;
    }
    case 'list': {
      const tenants = await withStore(process.env, (store) => listTenants(store.db));
      for (const t of tenants) {
        io.stdout.write(
          `${t.id}\t${t.name}\tlexicon v${t.lexiconVersion}\t${t.storeText ? 'keeps text' : 'no text'}\t${t.retentionDays ?? 'default'} days\n`,
        );
      }
      return 0;
    }
    default:
      throw new AppError('usage', TENANTS_HELP);
  }
}
