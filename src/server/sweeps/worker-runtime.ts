import type { Logger } from 'pino';
import {
  createTenant,
  listTenants,
  loadDefaultLexiconSources,
  migrateToLatest,
  openStore,
  type Store,
} from '../../store/index.js';
import { AppError } from '../../lib/index.js';
import type { Config } from '../config.js';
import { createEngineRegistry, type EngineRegistry } from '../engine-registry.js';
import { openJobQueue, purgeExpired, queueOutboxWakeups, type JobQueue } from '../jobs/index.js';
import { loadConfiguredModel } from '../start-server.js';
import { startWebhookDispatcher } from '../webhooks-dispatcher.js';
import { startSweepWork, type SweepWork } from './sweep-work.js';

/** What a process without HTTP needs to do sweep work: the database, the engines in worker threads, the job queue. */
export interface WorkerRuntime {
  readonly config: Config;
  readonly store: Store;
  readonly engines: EngineRegistry;
  readonly jobs: JobQueue;
  readonly clock: () => number;
  readonly log: Logger;
  /** Stops taking jobs, lets the ones in hand finish, then stops the engines and closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the database (migrating it), compiles the engines with `threads` worker threads (at least one: sweeps are judged
 * off the event loop) and connects the job queue; keeps the engines on the newest lexicon versions by polling.
 */
export async function openWorkerRuntime(
  config: Config,
  options: { readonly log: Logger; readonly name: string; readonly threads: number },
): Promise<WorkerRuntime> {
  const { log } = options;
  const model = await loadConfiguredModel(config);
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    databaseSchema: config.databaseSchema,
    poolSize: Math.max(2, options.threads * 2),
  });
  let engines: EngineRegistry | undefined;
  try {
    await migrateToLatest(store.db);
    engines = createEngineRegistry({
      db: store.db,
      defaultSources: await loadDefaultLexiconSources(config.lexiconDir),
      model,
      log,
      workers: Math.max(1, options.threads),
    });
    await engines.sync();
    const jobs = await openJobQueue({
      natsUrl: config.natsUrl,
      natsPrefix: config.natsPrefix,
      log,
      name: options.name,
    });
    const registry = engines;
    const poll = setInterval(() => {
      registry.sync().catch((error: unknown) => log.error({ err: error }, 'lexicon version poll failed'));
    }, config.lexiconPollSeconds * 1000).unref();
    let closing: Promise<void> | undefined;
    return {
      config,
      store,
      engines,
      jobs,
      clock: Date.now,
      log,
      close: () =>
        (closing ??= (async () => {
          clearInterval(poll);
          await jobs.close();
          await registry.close();
          await store.close();
        })()),
    };
  } catch (error) {
    await engines?.close();
    await store.close();
    throw error;
  }
}

/** What submitting a sweep to NATS needs: the database and the job queue, no engines (the workers have those). */
export interface SubmitRuntime {
  readonly store: Store;
  readonly jobs: JobQueue;
  readonly clock: () => number;
  readonly log: Logger;
  close(): Promise<void>;
}

/** Opens the database (migrating it) and the job queue, for a process that only submits sweeps and watches them. */
export async function openSubmitRuntime(
  config: Config,
  options: { readonly log: Logger; readonly name: string },
): Promise<SubmitRuntime> {
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    databaseSchema: config.databaseSchema,
    poolSize: 2,
  });
  try {
    await migrateToLatest(store.db);
    const jobs = await openJobQueue({
      natsUrl: config.natsUrl,
      natsPrefix: config.natsPrefix,
      log: options.log,
      name: options.name,
    });
    return {
      store,
      jobs,
      clock: Date.now,
      log: options.log,
      async close() {
        await jobs.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** A running `qinglang worker`'s work. */
export interface WorkerJobs {
  readonly sweeps: SweepWork;
  stop(): Promise<void>;
}

/**
 * Takes a worker's share of the deployment's jobs: sweep chunks (`concurrency` at a time), webhook wake-ups (the outbox
 * dispatcher, polling too) and the retention purge. Notifications and re-rating stay with `serve` processes, which hold
 * the notifier and the content-pool rater.
 */
export function startWorkerJobs(runtime: WorkerRuntime, options: { readonly concurrency: number }): WorkerJobs {
  const { config, store, log, jobs } = runtime;
  const sweeps = startSweepWork(runtime, options);
  const webhooks = queueOutboxWakeups({
    kind: 'webhooks',
    queue: jobs,
    log,
    dispatcher: startWebhookDispatcher({
      store,
      clock: runtime.clock,
      log,
      pollIntervalMs: config.webhookPollSeconds * 1000,
      timeoutMs: config.webhookTimeoutSeconds * 1000,
      allowLoopback: config.webhookAllowLoopback,
    }),
  });
  jobs.consume('retention', () => purgeExpired(runtime));
  return {
    sweeps,
    async stop() {
      sweeps.stop();
      await webhooks.stop();
    },
  };
}

/**
 * The tenant a sweep from the command line is for: the one named, else the only one; on an installation with no tenant
 * yet, a tenant `default` is created (as the public report form does), so a first sweep needs no setup.
 */
export async function sweepTenant(store: Store, named: string | undefined, now: number): Promise<string> {
  const tenants = await listTenants(store.db);
  if (named !== undefined) {
    if (!tenants.some((t) => t.id === named))
      throw new AppError('usage', `--tenant: no tenant "${named}" (qinglang tenants create ${named} creates it)`);
    return named;
  }
  if (tenants.length === 1) return tenants[0]!.id;
  if (tenants.length === 0) return (await createTenant(store.db, { id: 'default' }, now)).id;
  throw new AppError(
    'usage',
    `--tenant is needed: there are ${tenants.length} tenants (${tenants.map((t) => t.id).join(', ')})`,
  );
}
