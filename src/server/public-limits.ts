import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { AppError } from '../lib/index.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * Limits per client address for what anyone may ask without a key: filing a report, looking up its status, the
 * guardian accounts' sign-up and sign-in, and the console's sign-in (each of which costs a password hash, or sends a
 * code to someone's phone).
 */

// One limiter per running service: these buckets are their own, apart from the API keys'.
const limiters = new WeakMap<ServiceDeps, RateLimiter>();

function limiterOf(deps: ServiceDeps): RateLimiter {
  let limiter = limiters.get(deps);
  if (limiter === undefined) {
    limiter = createRateLimiter();
    limiters.set(deps, limiter);
  }
  return limiter;
}

/**
 * The kinds of request limited, each with its own buckets: per client address, except `guardian_report` (reports a
 * signed-in guardian files from an alert), which is per guardian account.
 */
export type PublicLimit = 'file' | 'status' | 'guardian_auth' | 'console_sign_in' | 'guardian_report';

const MESSAGES: Readonly<Record<PublicLimit, (perHour: number) => string>> = {
  file: (perHour) => `Too many reports from this address: at most ${perHour} an hour.`,
  status: () => 'Too many status look-ups from this address.',
  guardian_auth: (perHour) => `Too many sign-ins or sign-ups from this address: at most ${perHour} an hour.`,
  console_sign_in: (perHour) => `Too many console sign-ins from this address: at most ${perHour} an hour.`,
  guardian_report: (perHour) => `Too many reports from this guardian account: at most ${perHour} an hour.`,
};

/**
 * Takes one token for a public request from this client address: 0 when allowed, else the seconds to wait. Filing:
 * PUBLIC_REPORTS_PER_HOUR an hour, with bursts of a quarter of that (at least 3). Status look-ups: sixty a minute with
 * bursts of ten (a tracking code cannot be guessed, but nobody needs more). Guardian sign-up, sign-in and code requests,
 * API and portal together: GUARDIAN_AUTH_PER_HOUR an hour; console sign-ins: CONSOLE_SIGN_IN_PER_HOUR an hour; both
 * with bursts of ten minutes' worth (at least ten).
 */
function take(deps: ServiceDeps, kind: PublicLimit, key: string): number {
  const perHour = perHourOf(deps, kind);
  const decision = limiterOf(deps).take(`${kind}:${key}`, perHour / 3600, deps.clock(), burstOf(deps, kind));
  return decision.allowed ? 0 : decision.retryAfterSeconds;
}

function burstOf(deps: ServiceDeps, kind: PublicLimit): number {
  const perHour = perHourOf(deps, kind);
  return kind === 'file' || kind === 'guardian_report'
    ? Math.max(3, Math.floor(perHour / 4))
    : kind === 'status'
      ? 10
      : Math.min(perHour, Math.max(10, Math.floor(perHour / 6)));
}

/**
 * Gives the request's client back the token it took, for a request refused without effect (a report the service did not
 * accept), so that the limit counts what was accepted and a person fixing a form is not locked out by its mistakes.
 */
export function refundPublicToken(
  c: Context,
  deps: ServiceDeps,
  kind: PublicLimit,
  key: string = clientAddressOf(c, deps),
): void {
  limiterOf(deps).refund(`${kind}:${key}`, burstOf(deps, kind));
}

function perHourOf(deps: ServiceDeps, kind: PublicLimit): number {
  return {
    file: deps.config.publicReportsPerHour,
    guardian_report: deps.config.publicReportsPerHour,
    status: 3600,
    guardian_auth: deps.config.guardianAuthPerHour,
    console_sign_in: deps.config.consoleSignInPerHour,
  }[kind];
}

function rateLimited(deps: ServiceDeps, kind: PublicLimit, seconds: number): AppError {
  return new AppError('rate_limited', MESSAGES[kind](perHourOf(deps, kind)), [
    { message: `retry after ${seconds} s`, path: 'retryAfter' },
  ]);
}

/** Takes one token (see take), or throws `rate_limited` with the seconds to wait in the detail `retryAfter`. */
export function takePublicToken(deps: ServiceDeps, kind: PublicLimit, clientAddress: string): void {
  const seconds = take(deps, kind, clientAddress);
  if (seconds > 0) {
    throw rateLimited(deps, kind, seconds);
  }
}

/**
 * Takes one token for the request's client (or for `key`: a guardian account), for a page that answers in its own words:
 * undefined to go on, else the seconds to wait, with Retry-After already set.
 */
export function secondsToWait(
  c: Context,
  deps: ServiceDeps,
  kind: PublicLimit,
  key: string = clientAddressOf(c, deps),
): number | undefined {
  const seconds = take(deps, kind, key);
  if (seconds === 0) return undefined;
  c.header('Retry-After', String(seconds));
  return seconds;
}

/**
 * The address of the client. Without trusted proxies (TRUST_PROXY_HOPS=0, the default) it is the TCP peer, and
 * X-Forwarded-For is ignored, since anyone can write it. Behind N trusted reverse proxies it is the X-Forwarded-For entry
 * N places from the right: the address the outermost trusted proxy saw, which each proxy appends and no client can
 * forge. With fewer entries than that the request did not come through the proxies, and the TCP peer stands.
 */
export function clientAddressOf(c: Context, deps: Pick<ServiceDeps, 'config'>): string {
  const hops = deps.config.trustProxyHops;
  if (hops > 0) {
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const client = forwarded[forwarded.length - hops];
    if (client !== undefined) return client;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** takePublicToken for an API route: on `rate_limited` Retry-After is set before the error answers the request. */
export function limitPublic(c: Context, deps: ServiceDeps, kind: PublicLimit): void {
  const seconds = secondsToWait(c, deps, kind);
  if (seconds !== undefined) {
    throw rateLimited(deps, kind, seconds);
  }
}
