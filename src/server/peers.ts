import { randomUUID } from 'node:crypto';
import cluster from 'node:cluster';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { listenForNotices, sendNotice, type NoticeListener, type Store } from '../store/index.js';

/**
 * What one process tells the others: a tenant's lexicon has a new version (compile it and swap), or keys or tenant
 * settings changed (forget the cached ones).
 */
export type PeerNotice =
  { readonly kind: 'lexicon'; readonly tenantId: string; readonly version: number } | { readonly kind: 'access' };

/** How notices travel: PostgreSQL LISTEN/NOTIFY, Redis pub/sub, the `serve --workers` primary, or nowhere (one process). */
export type PeerTransport = 'postgres' | 'redis' | 'cluster' | 'none';

/** The other processes of this deployment; `close()` stops listening. */
export interface Peers {
  readonly transport: PeerTransport;
  /** Tells every other process; this one acts on its own change itself. Failures are logged: the poll catches up. */
  announce(notice: PeerNotice): Promise<void>;
  /** Whether the channel is up (always, for `cluster` and `none`). */
  readonly connected: boolean;
  close(): Promise<void>;
}

/** A notice on the wire, with the process that sent it, so a process can skip its own. */
interface Wire {
  readonly from: string;
  readonly notice: PeerNotice;
}

/** The message the cluster primary relays between its workers (see cluster.ts). */
export const CLUSTER_NOTICE = 'qinglang:notice';

function parse(payload: string): Wire | undefined {
  try {
    const wire = JSON.parse(payload) as Partial<Wire>;
    const n = wire.notice as Partial<Record<string, unknown>> | undefined;
    if (typeof wire.from !== 'string' || n === undefined) return undefined;
    if (n['kind'] === 'access') return { from: wire.from, notice: { kind: 'access' } };
    if (n['kind'] === 'lexicon' && typeof n['tenantId'] === 'string' && Number.isSafeInteger(n['version'])) {
      return { from: wire.from, notice: { kind: 'lexicon', tenantId: n['tenantId'], version: n['version'] as number } };
    }
  } catch {
    // Not ours: another program on the channel.
  }
  return undefined;
}

/**
 * Opens the channel to the other processes: LISTEN/NOTIFY on PostgreSQL (nothing else needed, and a notice sent in a
 * transaction goes out on commit), else Redis pub/sub when REDIS_URL is set, else the cluster primary's relay in a
 * `serve --workers` worker, else none. `onNotice` runs for notices from other processes; `onMissed` when the channel was
 * down for a while and notices may have been lost (catch up from the database).
 */
export async function openPeers(options: {
  readonly store: Store;
  readonly databaseUrl: string;
  readonly databaseSchema: string | undefined;
  readonly redis: Redis | undefined;
  /** The Redis channel: the deployment's prefix (see deploymentPrefix). */
  readonly channel: string;
  readonly log: Logger;
  readonly onNotice: (notice: PeerNotice) => void;
  readonly onMissed: () => void;
}): Promise<Peers> {
  const self = randomUUID();
  const { log } = options;
  const receive = (payload: string): void => {
    const wire = parse(payload);
    if (wire !== undefined && wire.from !== self) options.onNotice(wire.notice);
  };
  const encode = (notice: PeerNotice): string => JSON.stringify({ from: self, notice } satisfies Wire);
  const failed = (error: unknown): void => {
    log.warn({ err: error }, 'could not tell the other processes of a change; their poll catches up');
  };

  if (options.store.dialect === 'postgres') {
    const listener: NoticeListener = await listenForNotices({
      databaseUrl: options.databaseUrl,
      databaseSchema: options.databaseSchema,
      onNotice: receive,
      onReconnect: options.onMissed,
      onError: (error) => log.warn({ err: error }, 'the notice connection to PostgreSQL failed; reconnecting'),
    });
    return {
      transport: 'postgres',
      announce: (notice) => sendNotice(options.store.db, encode(notice)).catch(failed),
      get connected() {
        return listener.connected;
      },
      close: () => listener.close(),
    };
  }

  if (options.redis !== undefined) {
    const publisher = options.redis;
    // A subscribed connection can do nothing else, so it is a connection of its own.
    const subscriber = publisher.duplicate();
    subscriber.on('error', (error: Error) => log.warn({ err: error }, 'the Redis notice connection failed'));
    let subscribedOnce = false;
    subscriber.on('ready', () => {
      if (subscribedOnce) options.onMissed();
    });
    subscriber.on('message', (_channel: string, payload: string) => receive(payload));
    // The copy keeps the client's options: it connects when asked, and queues nothing while down.
    await subscriber.connect();
    await subscriber.subscribe(options.channel);
    subscribedOnce = true;
    return {
      transport: 'redis',
      announce: (notice) =>
        publisher.publish(options.channel, encode(notice)).then(
          () => undefined,
          (error: unknown) => failed(error),
        ),
      get connected() {
        return subscriber.status === 'ready';
      },
      close: async () => {
        await subscriber.quit().catch(() => subscriber.disconnect());
      },
    };
  }

  if (cluster.isWorker && process.send !== undefined) {
    const onMessage = (message: unknown): void => {
      const m = message as { type?: unknown; payload?: unknown } | null;
      if (m !== null && typeof m === 'object' && m.type === CLUSTER_NOTICE && typeof m.payload === 'string') {
        receive(m.payload);
      }
    };
    process.on('message', onMessage);
    return {
      transport: 'cluster',
      announce: (notice) =>
        new Promise<void>((resolve) => {
          process.send!({ type: CLUSTER_NOTICE, payload: encode(notice) }, undefined, {}, (error) => {
            if (error !== null) failed(error);
            resolve();
          });
        }),
      connected: true,
      close: () => {
        process.off('message', onMessage);
        return Promise.resolve();
      },
    };
  }

  return { transport: 'none', announce: () => Promise.resolve(), connected: true, close: () => Promise.resolve() };
}

/**
 * Forgets cached keys and tenants here and tells every other process to: after a key is revoked or a tenant's settings
 * change, through the API or the console.
 */
export async function announceAccessChange(deps: {
  readonly auth: { invalidate(): void };
  readonly peers: Pick<Peers, 'announce'>;
}): Promise<void> {
  deps.auth.invalidate();
  await deps.peers.announce({ kind: 'access' });
}

/**
 * Tells the running `serve` processes of this PostgreSQL database of a change made outside them (the CLI revoking a key
 * or changing a tenant), so they forget their caches at once. On SQLite it does nothing: their cache lifetime
 * (API_KEY_CACHE_SECONDS) bounds it.
 */
export async function announceFromOutside(store: Pick<Store, 'db'>, notice: PeerNotice): Promise<void> {
  await sendNotice(store.db, JSON.stringify({ from: 'cli', notice } satisfies Wire));
}
