import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { Logger } from 'pino';
import {
  claimDueDeliveries,
  markDeliveryDelivered,
  markDeliveryFailed,
  type ClaimedDelivery,
  type Store,
} from '../store/index.js';
import { startOutboxDispatcher, type OutboxDispatcher } from './outbox-dispatcher.js';

/** Sends queued webhook deliveries: at once when woken, and every poll interval for retries and other processes' events. */
export type WebhookDispatcher = OutboxDispatcher;

/** The signature header's value for a body: `sha256=` and the hex HMAC-SHA256 of `timestamp + "." + body` under the secret. */
export function signWebhookBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Addresses a webhook may not reach: private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unspecified,
 * multicast and IPv6 unique-local ranges, so a tenant cannot make the service probe the network it runs in.
 *
 * Loopback (127.0.0.0/8, ::1) is refused too unless the operator opts in with WEBHOOK_ALLOW_LOOPBACK=true (local
 * development, receivers on the same machine): by default a tenant cannot reach the services beside this one.
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** True when a webhook may connect to this IP address (see BLOCKED); loopback only when `allowLoopback`. */
export function isWebhookAddressAllowed(address: string, allowLoopback = false): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const [ip, type] =
    mapped !== null ? [mapped[1]!, 'ipv4' as const] : [address, family === 4 ? ('ipv4' as const) : ('ipv6' as const)];
  if (BLOCKED.check(ip, type)) return false;
  return allowLoopback || !LOOPBACK.check(ip, type);
}

// Checks the address the socket is about to connect to, after DNS, so a name cannot rebind to a private address.
const guardedLookup =
  (allowLoopback: boolean): LookupFunction =>
  (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const allowed = addresses.filter((a) => isWebhookAddressAllowed(a.address, allowLoopback));
      if (allowed.length === 0) {
        callback(new Error(`webhook host ${hostname} resolves only to blocked addresses`), '', 0);
        return;
      }
      if (options.all === true) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      else callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };

interface Attempt {
  readonly ok: boolean;
  readonly error?: string;
}

function post(
  delivery: ClaimedDelivery,
  headers: Record<string, string>,
  timeoutMs: number,
  allowLoopback: boolean,
): Promise<Attempt> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(delivery.url);
    } catch {
      resolve({ ok: false, error: 'invalid URL' });
      return;
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0 && !isWebhookAddressAllowed(host, allowLoopback)) {
      resolve({ ok: false, error: `address ${host} is blocked` });
      return;
    }
    const options: RequestOptions = {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(delivery.payload)) },
      lookup: guardedLookup(allowLoopback),
      timeout: timeoutMs,
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (attempt: Attempt): void => {
      if (!settled) {
        settled = true;
        resolve(attempt);
      }
    };
    let req: ClientRequest;
    try {
      req = send(url, options, (res: IncomingMessage) => {
        // Read (and drop) the body so the socket is released; redirects are not followed and count as failures.
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          finish(status >= 200 && status < 300 ? { ok: true } : { ok: false, error: `HTTP ${status}` });
        });
        res.on('error', (error) => finish({ ok: false, error: error.message }));
      });
    } catch (error) {
      finish({ ok: false, error: error instanceof Error ? error.message : String(error) });
      return;
    }
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => finish({ ok: false, error: error.message }));
    req.end(delivery.payload);
  });
}

/** Starts the dispatcher; `stop()` it before closing the store. */
export function startWebhookDispatcher(deps: {
  readonly store: Store;
  readonly clock: () => number;
  readonly log: Logger;
  readonly pollIntervalMs: number;
  readonly timeoutMs: number;
  readonly allowLoopback: boolean;
}): WebhookDispatcher {
  const { store, clock, log } = deps;

  const deliver = async (delivery: ClaimedDelivery): Promise<void> => {
    const timestamp = String(Math.floor(clock() / 1000));
    const attempt = await post(
      delivery,
      {
        'content-type': 'application/json',
        'user-agent': 'qinglang-webhooks/1',
        'x-qinglang-event': delivery.eventType,
        'x-qinglang-delivery': delivery.id,
        'x-qinglang-timestamp': timestamp,
        'x-qinglang-signature': signWebhookBody(delivery.secret, timestamp, delivery.payload),
      },
      deps.timeoutMs,
      deps.allowLoopback,
    );
    if (attempt.ok) {
      await markDeliveryDelivered(store.db, delivery.id, clock());
      return;
    }
    const next = await markDeliveryFailed(store.db, delivery.id, attempt.error ?? 'failed', clock());
    log.warn(
      {
        delivery: delivery.id,
        webhook: delivery.webhookId,
        attempt: delivery.attempts + 1,
        error: attempt.error,
        ...next,
      },
      'webhook delivery failed',
    );
  };

  return startOutboxDispatcher({
    name: 'webhook',
    clock,
    log,
    pollIntervalMs: deps.pollIntervalMs,
    claim: (now, limit) => claimDueDeliveries(store.db, { now, limit }),
    deliver,
  });
}
