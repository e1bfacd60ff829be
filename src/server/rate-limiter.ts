/** The outcome of asking for one request's worth of tokens. */
export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Per-key token buckets: each key may make `rate` requests a second, with bursts up to `burst` requests (default one second's
 * worth; give a burst for rates below one a second).
 */
export interface RateLimiter {
  take(keyId: string, rate: number, now: number, burst?: number): RateDecision;
  /** Gives back a token taken for a request that was refused without effect (no more than the burst). */
  refund(keyId: string, burst: number): void;
}

interface Bucket {
  tokens: number;
  updated: number;
}

/**
 * Creates an in-memory limiter. A batch call counts as one request: the batch endpoint exists to make fewer, larger calls.
 *
 * @NOTE Buckets live in this process; with several replicas each enforces the limit on its own share of the traffic.
 */
export function createRateLimiter(): RateLimiter {
  const buckets = new Map<string, Bucket>();
  return {
    take(keyId, rate, now, burst = rate) {
      let bucket = buckets.get(keyId);
      if (bucket === undefined) {
        if (buckets.size > 100_000) buckets.clear();
        bucket = { tokens: burst, updated: now };
        buckets.set(keyId, bucket);
      }
      // A clock stepped back (NTP, a test's fake clock) adds nothing rather than draining the bucket for hours.
      bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.updated) / 1000) * rate);
      bucket.updated = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate)) };
    },
    refund(keyId, burst) {
      const bucket = buckets.get(keyId);
      if (bucket !== undefined) bucket.tokens = Math.min(burst, bucket.tokens + 1);
    },
  };
}
