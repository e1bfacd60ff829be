import { parseArgs } from 'node:util';
import { AppError } from '../lib/index.js';
import { announceFromOutside } from '../server/index.js';
import { createTenant, isModelThreshold, listTenants, updateTenantSettings } from '../store/index.js';
import type { Io } from './io.js';
import { withStore } from './service-store.js';

export const TENANTS_HELP = `qinglang tenants create ID [--name NAME] [--store-text] [--retention-days N] [--model-threshold P]
qinglang tenants set ID --model-threshold P|default
qinglang tenants list
  Tenants are the platforms using the service. Raw text stays out of the decision log unless --store-text.
  --model-threshold P flags model scores from the probability P (above 0, at most 1) where that is stricter than the age
  band's default; a tenant can only tighten, and "default" goes back to the band's default.`;

/** Reads --model-threshold: a probability, or `default` (null) when `allowDefault`. */
function modelThresholdArg(text: string | undefined, allowDefault: boolean): number | null | undefined {
  if (text === undefined) return undefined;
  if (allowDefault && text === 'default') return null;
  const value = /^\d*\.?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!isModelThreshold(value)) {
    throw new AppError(
      'usage',
      `--model-threshold must be a probability above 0 and at most 1${allowDefault ? ', or default' : ''}, not "${text}".`,
    );
  }
  return value;
}

/** `qinglang tenants create|set|list`. */
export async function runTenants(argv: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      'store-text': { type: 'boolean' },
      'retention-days': { type: 'string' },
      'model-threshold': { type: 'string' },
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
      const modelThreshold = modelThresholdArg(values['model-threshold'], false);
      const tenant = await withStore(process.env, (store) =>
        createTenant(
          store.db,
          { id, name: values.name, storeText: values['store-text'], retentionDays, modelThreshold },
          Date.now(),
        ),
      );
      io.stdout.write(`created tenant ${tenant.id}\n`);
      return 0;
    }
    case 'set': {
      const [id] = positionals;
      if (id === undefined) throw new AppError('usage', `tenants set needs an ID.\n${TENANTS_HELP}`);
      if (values.name !== undefined || values['store-text'] !== undefined || values['retention-days'] !== undefined)
        throw new AppError('usage', `tenants set changes --model-threshold only.\n${TENANTS_HELP}`);
      const modelThreshold = modelThresholdArg(values['model-threshold'], true);
      if (modelThreshold === undefined) throw new AppError('usage', `tenants set needs a setting.\n${TENANTS_HELP}`);
      const tenant = await withStore(process.env, async (store) => {
        const updated = await updateTenantSettings(store.db, id, { modelThreshold });
        await announceFromOutside(store, { kind: 'access' });
        return updated;
      });
      io.stdout.write(`tenant ${tenant.id}: model threshold ${tenant.modelThreshold ?? 'default'}\n`);
      return 0;
    }
    case 'list': {
      const tenants = await withStore(process.env, (store) => listTenants(store.db));
      for (const t of tenants) {
        io.stdout.write(
          `${t.id}\t${t.name}\tlexicon v${t.lexiconVersion}\t${t.storeText ? 'keeps text' : 'no text'}\t${t.retentionDays ?? 'default'} days\tmodel threshold ${t.modelThreshold ?? 'default'}\n`,
        );
      }
      return 0;
    }
    default:
      throw new AppError('usage', TENANTS_HELP);
  }
}
