import type { Logger } from 'pino';
import {
  JOB_KINDS,
  errorText,
  jobRetryDelayMs,
  type DependencyHealth,
  type JobHandler,
  type JobKind,
  type JobQueue,
} from './job-queue.js';

interface Queued {
  readonly data: unknown;
  attempt: number;
}

const DEDUP_WINDOW_MS = 120_000;

/**
 * The queue of a single process (no NATS_URL): jobs wait in memory until a handler of their kind is free, a failure is
 * retried with `jobRetryDelayMs` up to the kind's `maxDeliver`, then logged as a dead letter. Jobs still queued at exit are
 * lost with the process, which is why they only ever point at work the database keeps.
 */
export function createInProcessQueue(
  log: Logger,
  options: { readonly retryDelayMs?: (attempt: number) => number } = {},
): JobQueue {
  const retryDelay = options.retryDelayMs ?? jobRetryDelayMs;
  const waiting = new Map<JobKind, Queued[]>();
  const handlers = new Map<JobKind, { handler: JobHandler; concurrency: number; running: number }>();
  const inFlight = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  const seen = new Map<string, number>();
  let closed = false;

  const pump = (kind: JobKind): void => {
    const consumer = handlers.get(kind);
    const queue = waiting.get(kind);
    if (consumer === undefined || queue === undefined) return;
    while (!closed && consumer.running < consumer.concurrency && queue.length > 0) {
      const job = queue.shift()!;
      consumer.running++;
      const run = (async () => {
        try {
          await consumer.handler(job.data, { attempt: job.attempt });
        } catch (error) {
          const { maxDeliver } = JOB_KINDS[kind];
          if (job.attempt >= maxDeliver) {
            log.error({ err: error, kind, attempts: job.attempt, data: job.data }, 'job failed for good (dead letter)');
          } else {
            log.warn({ kind, attempt: job.attempt, error: errorText(error) }, 'job failed; retried');
            const timer = setTimeout(() => {
              timers.delete(timer);
              job.attempt++;
              queue.push(job);
              pump(kind);
            }, retryDelay(job.attempt)).unref();
            timers.add(timer);
          }
        } finally {
          consumer.running--;
        }
      })();
      inFlight.add(run);
      void run.finally(() => {
        inFlight.delete(run);
        pump(kind);
      });
    }
  };

  return {
    kind: 'in-process',
    publish(kind, data, options) {
      if (closed) return Promise.reject(new Error('the job queue is closed'));
      const now = Date.now();
      if (options?.id !== undefined) {
        for (const [id, at] of seen) if (now - at > DEDUP_WINDOW_MS) seen.delete(id);
        if (seen.has(options.id)) return Promise.resolve();
        seen.set(options.id, now);
      }
      let queue = waiting.get(kind);
      if (queue === undefined) waiting.set(kind, (queue = []));
      queue.push({ data, attempt: 1 });
      // After the caller's own continuation, as a broker would: publishing never runs the handler inline.
      setImmediate(() => pump(kind));
      return Promise.resolve();
    },
    consume(kind, handler, options) {
      if (handlers.has(kind)) throw new Error(`jobs of kind ${kind} already have a handler in this process`);
      handlers.set(kind, { handler, concurrency: options?.concurrency ?? JOB_KINDS[kind].concurrency, running: 0 });
      pump(kind);
    },
    health: (): Promise<DependencyHealth> =>
      Promise.resolve({ name: 'jobs', ok: !closed, detail: closed ? 'closed' : 'in-process queue' }),
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
