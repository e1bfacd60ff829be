import cluster from 'node:cluster';
import type { Redis } from 'ioredis';
import {
  BurstyRateLimiter,
  RateLimiterCluster,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/** The outcome of asking for one request's worth of a limit. */
export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * A limit: `points` requests in each window of `seconds`; with `burst`, a second allowance of `burst.points` in windows of
 * `burst.seconds`, spent only once the steady one is (so a person fixing a form gets a few quick tries, then one a
 * window).
 */
export interface LimitRule {
  readonly points: number;
  readonly seconds: number;
  readonly burst?: { readonly points: number; readonly seconds: number } | undefined;
}

/** Where the counts live: Redis (every process of the deployment), the cluster primary (its workers), or this process. */
export type LimitsBackend = 'redis' | 'cluster' | 'memory';

/**
 * Rate limits shared by every process that uses the same backend, through `rate-limiter-flexible`: atomic counters on
 * Redis (REDIS_URL), the primary's memory under `serve --workers N` without Redis, or this process's memory.
 */
export interface Limits {
  readonly backend: LimitsBackend;
  /** Spends one point of `rule` for `key` in the limit called `name`. */
  take(name: string, key: string, rule: LimitRule): Promise<RateDecision>;
  /** Gives back a point taken for a request that was refused without effect (never more than was spent). */
  refund(name: string, key: string, rule: LimitRule): Promise<void>;
  /**
   * Starts the counts held in this process afresh (the memory backend's; Redis and the cluster primary keep theirs). The
   * library counts on the real clock, so a test that moves a fake clock past a window calls this to match.
   */
  reset(): void;
}

interface Limiter {
  readonly steady: RateLimiterAbstract;
  readonly burst: RateLimiterAbstract | undefined;
  readonly bursty: BurstyRateLimiter | undefined;
}

/**
 * Creates the limits. `prefix` names the deployment in Redis (processes on one database share it, others never meet);
 * `redis` is an open client when REDIS_URL is set. While Redis cannot be reached each process counts on its own
 * (`rate-limiter-flexible`'s insurance limiter), so an outage of Redis loosens the limits rather than refusing every call.
 */
export function createLimits(options: {
  readonly prefix: string;
  readonly redis?: Redis | undefined;
  /** Counts in the cluster primary (it must run `RateLimiterClusterMaster`); only in a cluster worker. */
  readonly clusterWorker?: boolean | undefined;
}): Limits {
  const backend: LimitsBackend =
    options.redis !== undefined ? 'redis' : options.clusterWorker === true && cluster.isWorker ? 'cluster' : 'memory';
  const limiters = new Map<string, Limiter>();

  const make = (keyPrefix: string, points: number, seconds: number): RateLimiterAbstract => {
    const shape = { keyPrefix, points, duration: seconds };
    switch (backend) {
      case 'redis':
        return new RateLimiterRedis({
          ...shape,
          storeClient: options.redis,
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(shape),
        });
      case 'cluster':
        return new RateLimiterCluster({ ...shape, timeoutMs: 5000 });
      case 'memory':
        return new RateLimiterMemory(shape);
    }
  };

  const limiterOf = (name: string, rule: LimitRule): Limiter => {
    const id = `${name}:${rule.points}/${rule.seconds}${rule.burst === undefined ? '' : `+${rule.burst.points}/${rule.burst.seconds}`}`;
    let limiter = limiters.get(id);
    if (limiter === undefined) {
      const steady = make(`${options.prefix}:${id}`, rule.points, rule.seconds);
      const burst =
        rule.burst === undefined || rule.burst.points < 1
          ? undefined
          : make(`${options.prefix}:${id}:burst`, rule.burst.points, rule.burst.seconds);
      limiter = { steady, burst, bursty: burst === undefined ? undefined : new BurstyRateLimiter(steady, burst) };
      limiters.set(id, limiter);
    }
    return limiter;
  };

  return {
    backend,
    async take(name, key, rule) {
      const limiter = limiterOf(name, rule);
      try {
        await (limiter.bursty ?? limiter.steady).consume(key);
        return { allowed: true };
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
      }
    },
    async refund(name, key, rule) {
      const limiter = limiterOf(name, rule);
      // The burst allowance is spent last, so it is given back first.
      for (const one of [limiter.burst, limiter.steady]) {
        if (one === undefined) continue;
        const spent = await one.get(key);
        if (spent !== null && spent.consumedPoints > 0) {
          await one.reward(key, 1);
          return;
        }
      }
    },
    reset() {
      limiters.clear();
    },
  };
}
