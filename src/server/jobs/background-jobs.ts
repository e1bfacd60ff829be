import { getTenant, purgeConversations, purgeDecisions } from '../../store/index.js';
import { ensurePoolRated } from '../pool/rater.js';
import { purgePersonalData } from '../privacy/index.js';
import type { ServiceDeps } from '../service-deps.js';
import { startSweepWork, type SweepWork } from '../sweeps/sweep-work.js';

/** A re-rating job: the tenant whose lexicon changed, and the version that must serve before its pool is re-rated. */
export interface RerateJob {
  readonly tenantId: string;
  readonly version: number;
}

function isRerateJob(data: unknown): data is RerateJob {
  if (typeof data !== 'object' || data === null) return false;
  const job = data as Record<string, unknown>;
  return typeof job['tenantId'] === 'string' && Number.isSafeInteger(job['version']);
}

/**
 * Queues the re-rating of a tenant's content pool after a lexicon change: whichever process takes the job swaps to the
 * new version first, then re-rates. One job per version (dedup id); when the queue refuses it, this process re-rates.
 */
export async function queuePoolRerate(deps: ServiceDeps, job: RerateJob): Promise<void> {
  try {
    await deps.jobs.publish('rerate', job, { id: `rerate-${job.tenantId}-${job.version}` });
  } catch (error) {
    deps.log.warn({ err: error, tenant: job.tenantId }, 'job queue refused a re-rating; this process re-rates');
    await handleRerateJob(deps, job);
  }
}

async function handleRerateJob(deps: ServiceDeps, data: unknown): Promise<void> {
  if (!isRerateJob(data)) {
    deps.log.error({ data }, 'a re-rating job that is not one was dropped');
    return;
  }
  const serving = await deps.engines.refresh(data.tenantId);
  // Not compiled yet here (a failed compile is logged by the registry): the job is retried, and a later version's job
  // re-rates anyway.
  if (serving.version < data.version) throw new Error(`lexicon version ${data.version} does not serve yet`);
  const tenant = await getTenant(deps.store.db, data.tenantId);
  if (tenant !== undefined) await ensurePoolRated(deps, tenant);
}

/** Deletes decisions and conversations past retention: the `retention` job's work. */
export async function purgeExpired(deps: Pick<ServiceDeps, 'store' | 'clock' | 'log' | 'config'>): Promise<void> {
  const { store, clock, log, config } = deps;
  const deleted = await purgeDecisions(store.db, { now: clock(), defaultRetentionDays: config.retentionDays });
  if (deleted > 0) log.info({ deleted }, 'decisions past retention purged');
  const conversations = await purgeConversations(store.db, {
    now: clock(),
    defaultRetentionDays: config.retentionDays,
  });
  if (conversations > 0) log.info({ conversations }, 'conversations past retention purged');
  await purgePersonalData(deps);
}

/** The background work of a service process; `stop()` before closing the job queue. */
export interface BackgroundJobs {
  readonly sweeps: SweepWork | undefined;
  stop(): void;
}

/**
 * Handles the service's jobs in this process: re-rating, the retention purge (queued every PURGE_INTERVAL_SECONDS by
 * every process under one dedup id per interval, so one of them purges), and, with the in-process queue only, sweeps
 * (with NATS, `qinglang worker` processes take those). Webhook and notification wake-ups are wired by
 * `queueOutboxWakeups`.
 */
export function startBackgroundJobs(deps: ServiceDeps): BackgroundJobs {
  const { jobs, log } = deps;
  jobs.consume('rerate', (data) => handleRerateJob(deps, data));
  jobs.consume('retention', () => purgeExpired(deps));
  const intervalMs = deps.config.purgeIntervalSeconds * 1000;
  const queuePurge = (): void => {
    const window = Math.floor(deps.clock() / intervalMs);
    jobs.publish('retention', {}, { id: `retention-${window}` }).catch((error: unknown) => {
      log.warn({ err: error }, 'job queue refused the retention purge; this process purges');
      purgeExpired(deps).catch((purgeError: unknown) => log.error({ err: purgeError }, 'decision purge failed'));
    });
  };
  queuePurge();
  const timer = setInterval(queuePurge, intervalMs).unref();
  const sweeps = jobs.kind === 'in-process' ? startSweepWork(deps, { concurrency: 2 }) : undefined;
  return {
    sweeps,
    stop() {
      clearInterval(timer);
      sweeps?.stop();
    },
  };
}
