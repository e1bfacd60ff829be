/**
 * The kinds of background job and how each is retried. A job carries a wake-up or ids, never the only copy of the work:
 * the database (an outbox, a sweep's items) stays the source of truth, and every handler's writes are idempotent, so a
 * job delivered twice, or lost with the broker, costs a repeat or a poll interval, never a lost or doubled write.
 *
 * @NOTE The ack wait is short because a live handler extends it (JetStream's `working()`, every third of it): it bounds how
 * long the jobs of a process that died wait before another process takes them.
 */
export const JOB_KINDS = {
  /** Look for due webhook deliveries now (the outbox `webhook_deliveries`). */
  webhooks: { ackWaitMs: 30_000, maxDeliver: 5, concurrency: 1 },
  /** Look for due guardian notifications now (the outbox `guardian_notifications`). */
  notifications: { ackWaitMs: 30_000, maxDeliver: 5, concurrency: 1 },
  /** Re-rate a tenant's content pool with its newest lexicon version: `{ tenantId, version }`. */
  rerate: { ackWaitMs: 30_000, maxDeliver: 5, concurrency: 1 },
  /** Purge decisions and conversations past retention, once per interval across every process. */
  retention: { ackWaitMs: 30_000, maxDeliver: 3, concurrency: 1 },
  /** Moderate one chunk of a sweep's items: `{ sweepId, from, to }` (item indexes, `to` exclusive). */
  sweep: { ackWaitMs: 15_000, maxDeliver: 20, concurrency: 4 },
} as const;

export type JobKind = keyof typeof JOB_KINDS;

export const JOB_KIND_NAMES = Object.keys(JOB_KINDS) as readonly JobKind[];

/** What a handler is told besides the job's data. */
export interface JobContext {
  /** 1 on the first delivery. */
  readonly attempt: number;
}

export type JobHandler = (data: unknown, context: JobContext) => Promise<void>;

/** A dependency's state, as /readyz reports it. */
export interface DependencyHealth {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * Where background jobs go: NATS JetStream when NATS_URL is set (a durable stream, one pull consumer per kind shared by
 * every process, explicit acks, redelivery after the ack wait, dead letters after the last attempt), otherwise a queue in
 * this process. Both deliver at least once.
 */
export interface JobQueue {
  readonly kind: 'jetstream' | 'in-process';
  /**
   * Queues a job. `id` deduplicates: a second job with the same id within a few minutes is dropped (every process may
   * publish the same hourly purge; only one runs). Rejects when the broker does not take it.
   */
  publish(kind: JobKind, data: unknown, options?: { readonly id?: string }): Promise<void>;
  /** Handles jobs of a kind in this process, `concurrency` at a time (the kind's default otherwise). */
  consume(kind: JobKind, handler: JobHandler, options?: { readonly concurrency?: number }): void;
  /** Whether the queue can take jobs now. */
  health(): Promise<DependencyHealth>;
  /** Stops taking jobs, waits for the ones being handled (acked or left for redelivery), then disconnects. */
  close(): Promise<void>;
}

/** The wait before the n-th redelivery of a failed job (n ≥ 1): 1 s, 2 s, 4 s … at most a minute. */
export function jobRetryDelayMs(attempt: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
