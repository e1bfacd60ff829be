import type { NewDecision } from '../schema.js';

/** Writes one batch of decisions atomically; resolves once they are durable. */
export interface DecisionWriter {
  (rows: readonly NewDecision[]): Promise<void>;
  /** Releases what the writer holds (a worker thread). */
  close?: () => Promise<void>;
}

/** Told about every batch written, for metrics. */
export type DecisionLogObserver = (rows: number, seconds: number, error?: unknown) => void;

/**
 * The append-only decision log's writer. A moderation call awaits `append` before it answers, so every answered call is
 * already committed: a crash (even kill -9) can lose only calls that were never answered.
 *
 * @NOTE Group commit: calls that arrive in the same event-loop tick share one transaction, and while one batch is being
 * committed the next one gathers. The cost of durability (one commit, one fsync) is paid per tick, not per request, so
 * throughput stays high while latency grows by at most one commit.
 */
export interface DecisionLog {
  /** Queues the decisions and resolves once they are committed; rejects if the commit failed. */
  append(rows: readonly NewDecision[]): Promise<void>;
  /** Resolves when everything queued so far has been written (or has failed). */
  flush(): Promise<void>;
  /** Decisions queued and not yet committed. */
  readonly pending: number;
  /** Writes what is queued, then refuses new decisions. */
  close(): Promise<void>;
}

interface Waiting {
  readonly rows: readonly NewDecision[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Creates the group-committing writer over a dialect's batch writer. `maxInFlight` batches may commit at once: 1 where the
 * writer is serial anyway (SQLite), more where the database commits concurrent transactions in parallel (PostgreSQL), so
 * one slow commit does not hold up the calls that arrive behind it.
 */
export function createDecisionLog(
  write: DecisionWriter,
  observe?: DecisionLogObserver,
  options: { readonly maxInFlight?: number } = {},
): DecisionLog {
  const maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  let queue: Waiting[] = [];
  let queuedRows = 0;
  let scheduled = false;
  const writing = new Set<Promise<void>>();
  let closed = false;

  const schedule = (): void => {
    if (scheduled || writing.size >= maxInFlight) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (queue.length === 0) return;
      const batch = drain();
      writing.add(batch);
      void batch.finally(() => {
        writing.delete(batch);
        if (queue.length > 0) schedule();
      });
    });
  };

  const drain = async (): Promise<void> => {
    const batch = queue;
    queue = [];
    queuedRows = 0;
    const rows = batch.length === 1 ? batch[0]!.rows : batch.flatMap((w) => w.rows);
    const started = performance.now();
    try {
      await write(rows);
      observe?.(rows.length, (performance.now() - started) / 1000);
      for (const w of batch) w.resolve();
    } catch (error) {
      observe?.(rows.length, (performance.now() - started) / 1000, error);
      for (const w of batch) w.reject(error);
    }
  };

  const flush = async (): Promise<void> => {
    while (queue.length > 0 || writing.size > 0 || scheduled) {
      if (writing.size > 0) await Promise.all(writing);
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  return {
    append(rows) {
      if (closed) return Promise.reject(new Error('the decision log is closed'));
      if (rows.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ rows, resolve, reject });
        queuedRows += rows.length;
        schedule();
      });
    },
    flush,
    get pending() {
      return queuedRows;
    },
    async close() {
      closed = true;
      await flush();
    },
  };
}
