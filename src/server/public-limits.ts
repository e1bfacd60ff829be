import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { AppError } from '../lib/index.js';
import type { LimitRule } from './limits.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * Limits per client address for what anyone may ask without a key: filing a report, looking up its status, the
 * guardian accounts' sign-up and sign-in, and the console's sign-in (each of which costs a password hash, or sends a
 * code to someone's phone).
 */

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
 * PUBLIC_REPORTS_PER_HOUR an hour, with bursts of a quarter of that (at least 3). Status look-ups: one a second with
 * bursts of ten (a tracking code cannot be guessed, but nobody needs more). Guardian sign-up, sign-in and code requests,
 * API and portal together: GUARDIAN_AUTH_PER_HOUR an hour; console sign-ins: CONSOLE_SIGN_IN_PER_HOUR an hour; both
 * with bursts of ten minutes' worth (at least ten). Counted in the deployment's shared limits (Redis when configured), so
 * every process of the service refuses the same address at the same count.
 */
async function take(deps: ServiceDeps, kind: PublicLimit, key: string): Promise<number> {
  const decision = await deps.limits.take(`public:${kind}`, key, ruleOf(deps, kind));
  return decision.allowed ? 0 : decision.retryAfterSeconds;
}

/**
 * The limit as windows: the hourly rate as one request per interval (or whole requests a second, past one a second), and
 * the rest of the burst as an allowance spent after it, renewed each hour. So a client gets its burst at once, then
 * waits one interval per request, and never gets more than the hourly figure and one burst in an hour.
 */
export function publicLimitRule(perHour: number, burst: number): LimitRule {
  const steady =
    perHour >= 3600
      ? { points: Math.ceil(perHour / 3600), seconds: 1 }
      : { points: 1, seconds: Math.round(3600 / perHour) };
  const extra = burst - steady.points;
  return extra > 0 ? { ...steady, burst: { points: extra, seconds: 3600 } } : steady;
}

function burstOf(deps: ServiceDeps, kind: PublicLimit): number {
  const perHour = perHourOf(deps, kind);
  return kind === 'file' || kind === 'guardian_report'
    ? Math.max(3, Math.floor(perHour / 4))
    : kind === 'status'
      ? 10
      : Math.min(perHour, Math.max(10, Math.floor(perHour / 6)));
}

function ruleOf(deps: ServiceDeps, kind: PublicLimit): LimitRule {
  return publicLimitRule(perHourOf(deps, kind), burstOf(deps, kind));
}

/**
 * Gives the request's client back the token it took, for a request refused without effect (a report the service did not
 * accept), so that the limit counts what was accepted and a person fixing a form is not locked out by its mistakes.
 */
export async function refundPublicToken(
  c: Context,
  deps: ServiceDeps,
  kind: PublicLimit,
  key: string = clientAddressOf(c, deps),
): Promise<void> {
  await deps.limits.refund(`public:${kind}`, key, ruleOf(deps, kind));
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
export async function takePublicToken(deps: ServiceDeps, kind: PublicLimit, clientAddress: string): Promise<void> {
  const seconds = await take(deps, kind, clientAddress);
  if (seconds > 0) {
    throw rateLimited(deps, kind, seconds);
  }
}

/**
 * Takes one token for the request's client (or for `key`: a guardian account), for a page that answers in its own words:
 * undefined to go on, else the seconds to wait, with Retry-After already set.
 */
export async function secondsToWait(
  c: Context,
  deps: ServiceDeps,
  kind: PublicLimit,
  key: string = clientAddressOf(c, deps),
): Promise<number | undefined> {
  const seconds = await take(deps, kind, key);
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
export async function limitPublic(c: Context, deps: ServiceDeps, kind: PublicLimit): Promise<void> {
  const seconds = await secondsToWait(c, deps, kind);
  if (seconds !== undefined) {
    throw rateLimited(deps, kind, seconds);
  }
}
