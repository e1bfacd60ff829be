import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { serve, type ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import type { Model } from '../engine/index.js';
import { AppError, isAppError } from '../lib/index.js';
import {
  createSetupToken,
  hasConsoleAdmin,
  loadDefaultLexiconSources,
  loadModel,
  migrateToLatest,
  openStore,
} from '../store/index.js';
import { createApp } from './app.js';
import { createAuthenticator } from './authenticate.js';
import type { Config } from './config.js';
import { createConsole } from './console/create-console.js';
import { createGuardianPortal } from './guardian-portal/create-guardian-portal.js';
import { createEngineRegistry } from './engine-registry.js';
import { natsHealth, openJobQueue, queueOutboxWakeups, startBackgroundJobs, type JobQueue } from './jobs/index.js';
import { createMetrics } from './metrics.js';
import { preparePersonalData } from './privacy/index.js';
import { createLimits } from './limits.js';
import { openPeers, type Peers } from './peers.js';
import type { HealthCheck } from './readiness.js';
import { deploymentPrefix, openRedis, redisDescription } from './redis.js';
import { createReportPages } from './report-pages/create-report-pages.js';
import { publicReportingProblem } from './reports/intake.js';
import type { ServiceDeps } from './service-deps.js';
import { startWebhookDispatcher } from './webhooks-dispatcher.js';
import { createSmtpMailer } from './youth/mailer.js';
import { startNotificationDispatcher } from './youth/notifications.js';
import { createLogNotifier, createWebhookNotifier, type Notifier } from './youth/notifier.js';

/** A listening service; `close()` stops accepting, lets requests in flight finish, flushes the decision log and closes the database. */
export interface RunningServer {
  /** The base URL, with the real port when the configured port was 0. */
  readonly url: string;
  readonly deps: ServiceDeps;
  /** The one-time link for creating the first administrator, when none exists yet. */
  readonly setupUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * Reads the model MODEL_FILE names, once, or none when it is `none`. A file that is missing stops start-up as a
 * `config_invalid` naming the variable; a damaged one as `model_invalid`, naming it too.
 */
export async function loadConfiguredModel(config: Pick<Config, 'modelFile'>): Promise<Model | undefined> {
  if (config.modelFile === undefined) return undefined;
  try {
    return await loadModel(config.modelFile);
  } catch (error) {
    if (!isAppError(error)) throw error;
    const off = 'MODEL_FILE=none runs without the model stage';
    const reason = error.message.replace(/\.$/, '');
    if (error.code === 'model_invalid') {
      throw new AppError('model_invalid', `MODEL_FILE ${config.modelFile}: ${reason} (${off})`, [
        { path: 'MODEL_FILE', source: config.modelFile, message: error.message },
      ]);
    }
    throw new AppError('config_invalid', `MODEL_FILE: ${reason} (${off})`, [
      { path: 'MODEL_FILE', source: config.modelFile, message: error.message },
    ]);
  }
}

/**
 * Opens the store, migrates it, compiles the lexicons and listens: everything `qinglang serve` does, in-process, so tests
 * start the real server on port 0.
 */
export async function startServer(
  config: Config,
  options: {
    readonly log: Logger;
    readonly clock?: () => number;
    readonly notifier?: Notifier;
    /** A `serve --workers` worker: without Redis, limits are counted in the primary (see cluster.ts). */
    readonly clusterWorker?: boolean;
  },
): Promise<RunningServer> {
  const { log } = options;
  const clock = options.clock ?? Date.now;
  // Before the database is opened: a bad model file stops start-up without touching anything.
  const model = await loadConfiguredModel(config);
  if (model === undefined) log.warn('the model stage is off (MODEL_FILE=none): verdicts come from the lexicon alone');
  const metrics = createMetrics();
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    databaseSchema: config.databaseSchema,
    poolSize: config.databasePoolSize,
    observeDecisions: (rows, seconds, error) => {
      metrics.observeDecisionBatch(rows, seconds, error);
      if (error !== undefined)
        log.error({ err: error, rows }, 'decision log batch failed; its requests were answered 500');
    },
    onConnectionError: (error) =>
      log.warn({ err: error }, 'the database ended an idle connection; the pool replaces it'),
  });
  const timers: NodeJS.Timeout[] = [];
  let redis: Redis | undefined;
  let peers: Peers | undefined;
  let stopWebhooks: (() => Promise<void>) | undefined;
  let stopNotifications: (() => Promise<void>) | undefined;
  let jobs: JobQueue | undefined;
  try {
    const applied = await migrateToLatest(store.db);
    if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');
    await preparePersonalData(config, store, log);
    const engines = createEngineRegistry({
      db: store.db,
      defaultSources: await loadDefaultLexiconSources(config.lexiconDir),
      model,
      log,
      onSwap: (tenantId, version) => metrics.setLexiconVersion(tenantId, version),
      workers: config.moderationWorkers,
    });
    await engines.sync();
    const poll = async (): Promise<void> => {
      try {
        await engines.sync();
      } catch (error) {
        log.error({ err: error }, 'lexicon version poll failed');
      }
    };
    const prefix = deploymentPrefix(config);
    if (config.redisUrl !== undefined) redis = await openRedis(config.redisUrl, log);
    const limits = createLimits({ prefix, redis, clusterWorker: options.clusterWorker });
    const auth = createAuthenticator({
      store,
      clock,
      limits,
      metrics,
      cacheSeconds: config.apiKeyCacheSeconds,
      defaultRateLimit: config.rateLimitPerSecond,
    });
    // Lexicon versions and revoked keys reach every process within a round trip; the poll stays as the safety net.
    peers = await openPeers({
      store,
      databaseUrl: config.databaseUrl,
      databaseSchema: config.databaseSchema,
      redis,
      channel: `${prefix}:notices`,
      log,
      onNotice: (notice) => {
        if (notice.kind === 'access') auth.invalidate();
        else
          engines.refresh(notice.tenantId).catch((error: unknown) => {
            log.error(
              { err: error, tenant: notice.tenantId },
              'announced lexicon version failed to load; the poll retries',
            );
          });
      },
      onMissed: () => {
        auth.invalidate();
        void poll();
      },
    });
    log.info({ limits: limits.backend, notices: peers.transport }, 'shared state');
    const health: HealthCheck[] = [
      {
        name: 'database',
        check: async () => {
          await store.ping();
          return { name: 'database', ok: true, detail: store.description };
        },
      },
    ];
    const client = redis;
    if (client !== undefined && config.redisUrl !== undefined) {
      const where = redisDescription(config.redisUrl);
      health.push({
        name: 'redis',
        check: async () => {
          await client.ping();
          return { name: 'redis', ok: true, detail: where };
        },
      });
    }
    jobs = await openJobQueue({
      natsUrl: config.natsUrl,
      natsPrefix: config.natsPrefix,
      log,
      name: `qinglang-serve-${process.pid}`,
    });
    const queue = jobs;
    if (queue.kind === 'jetstream') health.push({ name: 'nats', check: () => natsHealth({ jobs: queue }) });
    const webhookDispatcher = startWebhookDispatcher({
      store,
      clock,
      log,
      pollIntervalMs: config.webhookPollSeconds * 1000,
      timeoutMs: config.webhookTimeoutSeconds * 1000,
      allowLoopback: config.webhookAllowLoopback,
    });
    const webhooks = queueOutboxWakeups({ kind: 'webhooks', queue: jobs, dispatcher: webhookDispatcher, log });
    stopWebhooks = () => webhooks.stop();
    const notifier =
      options.notifier ??
      (config.guardianNotifyUrl === undefined
        ? createLogNotifier(log)
        : createWebhookNotifier({
            url: config.guardianNotifyUrl,
            secret: config.guardianNotifySecret ?? '',
            timeoutMs: config.webhookTimeoutSeconds * 1000,
            clock,
          }));
    if (notifier.kind === 'log')
      log.warn('guardian sign-in codes and alerts go to this log (development notifier); set GUARDIAN_NOTIFY_URL');
    const mailer =
      config.smtpUrl === undefined
        ? undefined
        : createSmtpMailer({
            url: config.smtpUrl,
            from: config.smtpFrom ?? '',
            timeoutMs: config.webhookTimeoutSeconds * 1000,
          });
    const notificationDispatcher = startNotificationDispatcher({
      store,
      clock,
      log,
      pollIntervalMs: config.webhookPollSeconds * 1000,
      notifier,
      mailer,
      publicUrl: config.publicUrl,
    });
    const notifications = queueOutboxWakeups({
      kind: 'notifications',
      queue: jobs,
      dispatcher: notificationDispatcher,
      log,
    });
    stopNotifications = async () => {
      await notifications.stop();
      mailer?.close();
    };
    const reporting = await publicReportingProblem({ config, store });
    if (reporting !== undefined) log.warn(reporting);
    const deps: ServiceDeps = {
      config,
      store,
      engines,
      metrics,
      auth,
      limits,
      peers,
      health,
      log,
      clock,
      webhooks,
      notifier,
      notifications,
      jobs,
      state: { ready: false },
    };
    const app = createApp(deps, [
      { path: '/console', routes: createConsole(deps) },
      { path: '/guardian', routes: createGuardianPortal(deps) },
      { path: '/report', routes: createReportPages(deps) },
    ]);

    const server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
      s.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    const url = config.port === 0 ? config.publicUrl.replace(/:0$/, `:${port}`) : config.publicUrl;

    const background = startBackgroundJobs(deps);
    timers.push(setInterval(() => void poll(), config.lexiconPollSeconds * 1000).unref());

    let setupUrl: string | undefined;
    // Under `serve --workers` the primary makes the one setup link, not each worker.
    if (options.clusterWorker !== true && !(await hasConsoleAdmin(store.db))) {
      const token = await createSetupToken(store.db, 'admin_setup', {
        now: clock(),
        ttlMs: config.setupTokenHours * 3_600_000,
      });
      setupUrl = `${url}/console/setup?token=${token}`;
    }
    deps.state.ready = true;
    log.info({ url, database: store.description }, 'listening');

    let closing: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        deps.state.ready = false;
        for (const t of timers) clearInterval(t);
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => {
            log.warn('shutdown timeout: closing connections with requests in flight');
            if ('closeAllConnections' in server) server.closeAllConnections();
          }, config.shutdownTimeoutSeconds * 1000).unref();
          server.close(() => {
            clearTimeout(force);
            resolve();
          });
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        });
        // Jobs being handled finish (or go back to the queue) and attempts in flight are recorded before the database
        // closes; the rest stay queued for the next start.
        background.stop();
        await jobs?.close();
        await webhooks.stop();
        await stopNotifications?.();
        await engines.close();
        await peers?.close();
        await store.close();
        await redis?.quit();
        metrics.close();
        log.info('stopped');
      })());
    return { url, deps, setupUrl, close };
  } catch (error) {
    for (const t of timers) clearInterval(t);
    await jobs?.close();
    await stopWebhooks?.();
    await stopNotifications?.();
    await peers?.close();
    await store.close();
    redis?.disconnect();
    throw error;
  }
}
