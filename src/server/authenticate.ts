import type { MiddlewareHandler } from 'hono';
import { AppError } from '../lib/index.js';
import { checkApiKey, getTenant, type ApiKey, type Scope, type Store, type Tenant } from '../store/index.js';
import type { AppEnv } from './app-env.js';
import type { Metrics } from './metrics.js';
import type { Limits } from './limits.js';

/** The key a request authenticated with and its tenant. */
export interface Caller {
  readonly key: ApiKey;
  readonly tenant: Tenant;
}

/** Checks API keys, with a short cache so the hot path does not query the database on every call. */
export interface Authenticator {
  /** Middleware: a valid, unrevoked key with one of the scopes, within its rate limit; sets `c.var.caller`. */
  require(...scopes: readonly Scope[]): MiddlewareHandler<AppEnv>;
  /**
   * Forgets cached keys and tenants: after a revocation or settings change in this process, and when another process
   * announces one (see peers.ts).
   */
  invalidate(): void;
}

interface Cached {
  readonly caller: Caller | 'revoked';
  readonly expires: number;
}

/**
 * Creates the authenticator.
 *
 * @NOTE A key revoked through any process of the service stops working at once everywhere: the process announces it and
 * every other one forgets its cache (see peers.ts). A change the announcement misses (a process that was reconnecting)
 * still takes effect within `cacheSeconds`.
 */
export function createAuthenticator(deps: {
  readonly store: Store;
  readonly clock: () => number;
  readonly limits: Limits;
  readonly metrics: Metrics;
  readonly cacheSeconds: number;
  readonly defaultRateLimit: number;
}): Authenticator {
  const cache = new Map<string, Cached>();

  const lookup = async (token: string): Promise<Caller | 'revoked' | undefined> => {
    const now = deps.clock();
    const hit = cache.get(token);
    if (hit !== undefined && hit.expires > now) return hit.caller;
    const check = await checkApiKey(deps.store.db, token);
    if (check.status === 'malformed' || check.status === 'unknown') return undefined;
    let caller: Caller | 'revoked' = 'revoked';
    if (check.status === 'valid') {
      const tenant = await getTenant(deps.store.db, check.key.tenantId);
      if (tenant === undefined) return undefined;
      caller = { key: check.key, tenant };
    }
    if (deps.cacheSeconds > 0) {
      if (cache.size > 10_000) cache.clear();
      cache.set(token, { caller, expires: now + deps.cacheSeconds * 1000 });
    }
    return caller;
  };

  return {
    require(...scopes) {
      return async (c, next) => {
        const header = c.req.header('authorization');
        const token = header?.startsWith('Bearer ') === true ? header.slice('Bearer '.length).trim() : undefined;
        if (token === undefined || token === '') {
          throw new AppError('unauthenticated', 'An API key is required: send "Authorization: Bearer <key>".');
        }
        const caller = await lookup(token);
        if (caller === undefined) throw new AppError('unauthenticated', 'The API key is not valid.');
        if (caller === 'revoked') throw new AppError('unauthenticated', 'The API key has been revoked.');
        if (!scopes.some((s) => caller.key.scopes.includes(s))) {
          throw new AppError('forbidden', `This key lacks the scope for this call: ${scopes.join(' or ')}.`);
        }
        const rate = caller.key.rateLimit ?? deps.defaultRateLimit;
        // A batch call counts as one request: the batch endpoint exists to make fewer, larger calls.
        const decision = await deps.limits.take('key', caller.key.id, { points: rate, seconds: 1 });
        if (!decision.allowed) {
          deps.metrics.observeRateLimited();
          c.header('Retry-After', String(decision.retryAfterSeconds));
          throw new AppError('rate_limited', `This key may make ${rate} requests a second.`, [
            { message: `retry after ${decision.retryAfterSeconds} s`, path: 'retryAfter' },
          ]);
        }
        c.set('caller', caller);
        await next();
      };
    },
    invalidate() {
      cache.clear();
    },
  };
}
