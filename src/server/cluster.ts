import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import { AppError } from '../lib/index.js';
import { createSetupToken, hasConsoleAdmin, migrateToLatest, openStore, parseDatabaseUrl } from '../store/index.js';
import type { Config } from './config.js';
import { CLUSTER_NOTICE } from './peers.js';

/** What a worker tells the primary once it listens. */
export const CLUSTER_LISTENING = 'qinglang:listening';

/** The most worker processes `serve --workers` starts. */
export const MAX_WORKERS = 64;

/** A running primary: where it listens, the setup link when no administrator exists, and how to drain it. */
export interface ClusterPrimary {
  readonly url: string;
  readonly setupUrl: string | undefined;
  readonly workers: number;
  /** Sends SIGTERM to every worker and resolves once all have exited: 0 when every one drained cleanly, else 1. */
  stop(): Promise<number>;
}

/**
 * Reads `--workers`: a whole number from 1 to MAX_WORKERS (1 runs the service in this process, as without the flag).
 */
export function parseWorkerCount(text: string | undefined): number {
  if (text === undefined) return 1;
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_WORKERS) {
    throw new AppError('usage', `--workers must be a whole number from 1 to ${MAX_WORKERS}, not "${text}"`);
  }
  return n;
}

/**
 * Runs `serve --workers N` in the primary process: migrates the database once (so workers never race to), then forks N
 * workers that share the listening port (node:cluster hands each connection to one of them). Without Redis the primary
 * keeps the rate-limit counts for all of them (rate-limiter-flexible's cluster master) and, on SQLite, relays the
 * notices they send each other; on PostgreSQL they hear each other through LISTEN/NOTIFY. A worker that dies is
 * replaced; on stop every worker drains (stops accepting, finishes what is in flight, closes its pools) and exits.
 */
export async function startClusterPrimary(
  config: Config,
  options: { readonly workers: number; readonly log: Logger; readonly clock?: () => number },
): Promise<ClusterPrimary> {
  const { log, workers } = options;
  const clock = options.clock ?? Date.now;
  const location = parseDatabaseUrl(config.databaseUrl);
  if (location.dialect === 'sqlite' && (location.file === ':memory:' || location.file === '')) {
    throw new AppError(
      'config_invalid',
      'DATABASE_URL: an in-memory SQLite database cannot be shared by --workers processes; give a file or PostgreSQL',
      [{ path: 'DATABASE_URL', message: 'in-memory database with --workers' }],
    );
  }
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    databaseSchema: config.databaseSchema,
    poolSize: 1,
  });
  let hasAdmin: boolean;
  try {
    const applied = await migrateToLatest(store.db);
    if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');
    hasAdmin = await hasConsoleAdmin(store.db);
  } finally {
    await store.close();
  }

  if (config.redisUrl === undefined) new RateLimiterClusterMaster();
  cluster.on('message', (from: Worker, message: unknown) => {
    const m = message as { type?: unknown; payload?: unknown } | null;
    if (m === null || typeof m !== 'object' || m.type !== CLUSTER_NOTICE || typeof m.payload !== 'string') return;
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (worker !== undefined && worker.id !== from.id && worker.isConnected()) {
        worker.send({ type: CLUSTER_NOTICE, payload: m.payload });
      }
    }
  });

  let stopping = false;
  let failed = false;
  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.once('exit', (code, signal) => {
      if (stopping) {
        if (code !== 0) failed = true;
        log.info({ worker: worker.process.pid, code, signal }, 'worker stopped');
        return;
      }
      log.error({ worker: worker.process.pid, code, signal }, 'worker stopped unexpectedly; starting another');
      setTimeout(() => {
        if (!stopping) fork();
      }, 1000).unref();
    });
    return worker;
  };

  const first = await new Promise<string>((resolve, reject) => {
    let listening = 0;
    let url: string | undefined;
    const started = (worker: Worker): void => {
      worker.on('message', (message: unknown) => {
        const m = message as { type?: unknown; url?: unknown } | null;
        if (m === null || typeof m !== 'object' || m.type !== CLUSTER_LISTENING || typeof m.url !== 'string') return;
        url ??= m.url;
        listening += 1;
        if (listening === workers) resolve(url);
      });
      // A worker that cannot start (a bad model file, an unreachable Redis) stops the start-up of all.
      worker.once('exit', (code) => {
        if (listening < workers && !stopping) reject(new Error(`worker exited with ${code} before listening`));
      });
    };
    for (let i = 0; i < workers; i++) started(fork());
  }).catch(async (error: unknown) => {
    await stopAll();
    throw error;
  });

  let setupUrl: string | undefined;
  if (!hasAdmin) {
    const again = await openStore({
      databaseUrl: config.databaseUrl,
      databaseSchema: config.databaseSchema,
      poolSize: 1,
    });
    try {
      const token = await createSetupToken(again.db, 'admin_setup', {
        now: clock(),
        ttlMs: config.setupTokenHours * 3_600_000,
      });
      setupUrl = `${first}/console/setup?token=${token}`;
    } finally {
      await again.close();
    }
  }
  log.info({ url: first, workers }, 'listening');

  async function stopAll(): Promise<number> {
    stopping = true;
    const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    await Promise.all(
      running.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            worker.process.kill('SIGTERM');
          }),
      ),
    );
    return failed ? 1 : 0;
  }
  return { url: first, setupUrl, workers, stop: stopAll };
}

/** In a worker: tells the primary where it listens. */
export function reportListening(url: string): void {
  process.send?.({ type: CLUSTER_LISTENING, url });
}
