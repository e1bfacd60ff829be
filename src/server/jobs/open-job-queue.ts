import type { Logger } from 'pino';
import { createInProcessQueue } from './in-process-queue.js';
import { openJetStreamQueue } from './jetstream-queue.js';
import type { DependencyHealth, JobQueue } from './job-queue.js';

/**
 * The job queue the configuration asks for: JetStream when NATS_URL is set (stopping start-up, naming the variable, when it
 * cannot be reached), otherwise the in-process queue, so the single-process default needs nothing else.
 */
export async function openJobQueue(options: {
  readonly natsUrl: string | undefined;
  readonly natsPrefix: string;
  readonly log: Logger;
  readonly name: string;
}): Promise<JobQueue> {
  if (options.natsUrl === undefined) return createInProcessQueue(options.log);
  const queue = await openJetStreamQueue({
    url: options.natsUrl,
    prefix: options.natsPrefix,
    log: options.log,
    name: options.name,
  });
  options.log.info({ prefix: options.natsPrefix }, 'background jobs go through NATS JetStream');
  return queue;
}

/**
 * For /readyz (issue 19): the job queue's state, `{ name: 'nats', ok, detail }` with NATS (ok when the connection is up and
 * the job stream answers within 2 s) or `{ name: 'jobs', ok: true }` for the in-process queue. Never throws.
 */
export function natsHealth(deps: { readonly jobs: JobQueue }): Promise<DependencyHealth> {
  return deps.jobs.health().catch((error: unknown) => ({
    name: 'nats',
    ok: false,
    detail: error instanceof Error ? error.message : String(error),
  }));
}
