import type { Logger } from 'pino';

/** Sends an outbox's due rows: at once when woken, and every poll interval for retries and other processes' rows. */
export interface OutboxDispatcher {
  /** Looks for due rows now; call after committing a transaction that queued one. */
  wake(): void;
  /** Sends everything due now and resolves once every attempt is recorded; returns how many were attempted. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for attempts in flight (each bounded by its timeout) to be recorded. */
  stop(): Promise<void>;
}

const BATCH = 16;

/**
 * Starts a dispatcher over one outbox: `claim` reserves due rows (counting the attempt), `deliver` sends one and records
 * the outcome; a row `deliver` does not record stays reserved for the claim lease and is then retried. `stop()` it before
 * closing the store.
 */
export function startOutboxDispatcher<T>(deps: {
  readonly name: string;
  readonly clock: () => number;
  readonly log: Logger;
  readonly pollIntervalMs: number;
  claim(now: number, limit: number): Promise<readonly T[]>;
  deliver(row: T): Promise<void>;
}): OutboxDispatcher {
  const { clock, log } = deps;
  let stopped = false;
  let running: Promise<number> | undefined;
  let again = false;

  const drain = async (): Promise<number> => {
    let attempted = 0;
    do {
      again = false;
      while (!stopped) {
        const due = await deps.claim(clock(), BATCH);
        if (due.length === 0) break;
        attempted += due.length;
        await Promise.all(due.map((row) => deps.deliver(row)));
      }
    } while (again && !stopped);
    return attempted;
  };

  const run = (): Promise<number> => {
    if (running !== undefined) {
      again = true;
      return running;
    }
    running = drain()
      .catch((error: unknown) => {
        log.error({ err: error }, `${deps.name} dispatch failed`);
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const timer = setInterval(() => void run(), deps.pollIntervalMs).unref();
  void run();

  return {
    wake() {
      if (!stopped) void run();
    },
    async runOnce() {
      // Wait for a run already going, then run once more so what is due now is certainly attempted.
      if (running !== undefined) await running;
      return run();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running !== undefined) await running;
    },
  };
}
