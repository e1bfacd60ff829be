import { parseArgs } from 'node:util';
import { AppError } from '../lib/index.js';
import { announceFromOutside } from '../server/index.js';
import { createApiKey, isScope, listApiKeys, revokeApiKey, SCOPES, type Scope } from '../store/index.js';
import type { Io } from './io.js';
import { withStore } from './service-store.js';

export const KEYS_HELP = `qinglang keys create --tenant ID --scope SCOPE… [--name NAME] [--rate-limit N]
qinglang keys list --tenant ID
qinglang keys revoke --tenant ID KEY_ID
  API keys of a tenant. The key is printed once at creation; only its hash is stored.
  --scope              ${SCOPES.join(', ')} (repeat for several)
  --rate-limit         requests a second for this key (default: RATE_LIMIT_PER_SECOND)`;

/** `qinglang keys create|list|revoke`. */
export async function runKeys(argv: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      tenant: { type: 'string' },
      scope: { type: 'string', multiple: true },
      name: { type: 'string' },
      'rate-limit': { type: 'string' },
    },
    allowPositionals: true,
  });
  const tenantId = values.tenant;
  if (tenantId === undefined) throw new AppError('usage', `--tenant is required.\n${KEYS_HELP}`);
  switch (sub ?? '') {
    case 'create': {
      const scopes = values.scope ?? [];
      const bad = scopes.filter((s) => !isScope(s));
      if (scopes.length === 0 || bad.length > 0) {
        throw new AppError(
          'usage',
          `--scope must be one or more of ${SCOPES.join(', ')}${bad.length > 0 ? `; not ${bad.join(', ')}` : ''}.`,
        );
      }
      const rateText = values['rate-limit'];
      const rateLimit = rateText === undefined ? undefined : Number(rateText);
      if (rateLimit !== undefined && (!Number.isSafeInteger(rateLimit) || rateLimit < 1)) {
        throw new AppError('usage', '--rate-limit must be a whole number of requests a second.');
      }
      const created = await withStore(process.env, (store) =>
        createApiKey(store.db, { tenantId, scopes: scopes as Scope[], name: values.name, rateLimit }, Date.now()),
      );
      io.stderr.write(`key ${created.key.id} for tenant ${tenantId} (${created.key.scopes.join(' ')}); shown once:\n`);
      io.stdout.write(`${created.token}\n`);
      return 0;
    }
    case 'list': {
      const keys = await withStore(process.env, (store) => listApiKeys(store.db, tenantId));
      for (const k of keys) {
        const state = k.revokedAt === null ? 'active' : `revoked ${new Date(k.revokedAt).toISOString()}`;
        io.stdout.write(`${k.id}\t${k.scopes.join(',')}\t${k.rateLimit ?? 'default'}\t${state}\t${k.name}\n`);
      }
      return 0;
    }
    case 'revoke': {
      const [keyId] = positionals;
      if (keyId === undefined) throw new AppError('usage', `keys revoke needs a KEY_ID.\n${KEYS_HELP}`);
      const key = await withStore(process.env, async (store) => {
        const revoked = await revokeApiKey(store.db, tenantId, keyId, Date.now());
        // Running servers on PostgreSQL forget the key at once, not when their cache expires.
        await announceFromOutside(store, { kind: 'access' });
        return revoked;
      });
      io.stdout.write(`revoked ${key.id}\n`);
      return 0;
    }
    default:
      throw new AppError('usage', KEYS_HELP);
  }
}
