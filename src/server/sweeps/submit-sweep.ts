import type { Logger } from 'pino';
import { AGE_BANDS } from '../../engine/index.js';
import { AppError } from '../../lib/index.js';
import {
  addSweepItems,
  createSweep,
  sealSweep,
  type Store,
  type Sweep,
  type SweepInvalidLine,
  type SweepItemInput,
} from '../../store/index.js';
import type { JobQueue } from '../jobs/index.js';
import { isInvalidLine } from './sweep-input.js';

/** Item indexes per job: about 20,000 characters of typical posts, one transaction of results. */
export const SWEEP_CHUNK_SIZE = 100;
/** Lines stored per transaction while submitting: whole chunks, so each chunk is queued once its lines are stored. */
const SUBMIT_BATCH = SWEEP_CHUNK_SIZE * 20;

/** What a sweep job carries: a range of item indexes, never the texts (the database has them). */
export interface SweepJob {
  readonly sweepId: string;
  readonly from: number;
  readonly to: number;
}

/** Checks a sweep job's data (it crossed a broker). */
export function isSweepJob(data: unknown): data is SweepJob {
  if (typeof data !== 'object' || data === null) return false;
  const job = data as Record<string, unknown>;
  return (
    typeof job['sweepId'] === 'string' &&
    Number.isSafeInteger(job['from']) &&
    Number.isSafeInteger(job['to']) &&
    (job['from'] as number) < (job['to'] as number)
  );
}

/** Queues the jobs of [from, to), chunk by chunk; `round` tells a re-queue's jobs apart from the first ones (dedup ids). */
export async function publishSweepChunks(
  jobs: JobQueue,
  sweep: Pick<Sweep, 'id' | 'chunkSize'>,
  ranges: readonly { readonly from: number; readonly to: number }[],
  round = 0,
): Promise<void> {
  // Published together: each waits for the broker's ack, and one after another they would cost a round trip each.
  const published: Promise<void>[] = [];
  for (const { from, to } of ranges) {
    for (let start = from; start < to; start += sweep.chunkSize) {
      const job: SweepJob = { sweepId: sweep.id, from: start, to: Math.min(to, start + sweep.chunkSize) };
      published.push(jobs.publish('sweep', job, { id: `sweep-${sweep.id}-${start}-${round}` }));
    }
  }
  const outcomes = await Promise.allSettled(published);
  const refused = outcomes.find((o) => o.status === 'rejected');
  if (refused !== undefined) throw refused.reason;
}

/**
 * Submits a backlog: opens a sweep, stores its items as they are read (a line that cannot be read is stored as an invalid
 * line with its number, and the rest goes on), queues each chunk once its lines are stored, so workers start before the
 * input ends, and seals it. Items are stored before their job is queued: a job the broker loses is queued again by the
 * stall watch (`startSweepWork`); a sweep whose jobs could not be queued at all fails with `unavailable` but keeps what
 * was stored, and is queued again the same way.
 */
export async function submitSweep(
  deps: { readonly store: Store; readonly jobs: JobQueue; readonly clock: () => number; readonly log: Logger },
  input: {
    readonly tenantId: string;
    readonly source: string;
    readonly ageBand?: string | undefined;
    readonly surface?: string | undefined;
    readonly keyId?: string | undefined;
    /** The items in order, as `readSweepLine` reads them (undefined: a blank line, skipped). */
    readonly items:
      | AsyncIterable<SweepItemInput | SweepInvalidLine | undefined>
      | Iterable<SweepItemInput | SweepInvalidLine | undefined>;
    /** Told after each stored batch. */
    readonly onProgress?: (sweep: Pick<Sweep, 'id'>, stored: number) => void;
  },
): Promise<Sweep> {
  const ageBand = input.ageBand ?? 'age_12_16';
  if (!(AGE_BANDS as readonly string[]).includes(ageBand))
    throw new AppError('validation_failed', `ageBand must be one of ${AGE_BANDS.join(', ')}.`, [
      { path: 'ageBand', message: `not one of ${AGE_BANDS.join(', ')}` },
    ]);
  const { store, jobs, clock } = deps;
  const sweep = await createSweep(
    store.db,
    {
      tenantId: input.tenantId,
      source: input.source,
      ageBand,
      surface: input.surface,
      keyId: input.keyId,
      chunkSize: SWEEP_CHUNK_SIZE,
    },
    clock(),
  );
  let items: SweepItemInput[] = [];
  let invalid: SweepInvalidLine[] = [];
  let batchStart = 0;
  let stored = 0;
  let queueError: unknown;
  const flush = async (end: number): Promise<void> => {
    if (items.length + invalid.length > 0) {
      await addSweepItems(store.db, sweep.id, items, invalid, clock());
      stored += items.length + invalid.length;
    }
    if (items.length > 0 && queueError === undefined) {
      // Each batch covers whole chunks, so a chunk is queued exactly when all its lines are stored.
      const from = Math.floor(items[0]!.index / SWEEP_CHUNK_SIZE) * SWEEP_CHUNK_SIZE;
      try {
        await publishSweepChunks(jobs, sweep, [{ from, to: end }]);
      } catch (error) {
        queueError = error;
        deps.log.error(
          { err: error, sweep: sweep.id },
          'sweep jobs could not be queued; the stall watch queues them again',
        );
      }
    }
    items = [];
    invalid = [];
    input.onProgress?.(sweep, stored);
  };
  let lastIndex = -1;
  for await (const item of input.items) {
    if (item === undefined) continue;
    if (item.index <= lastIndex) throw new Error('sweep items must come in increasing index order');
    lastIndex = item.index;
    if (item.index >= batchStart + SUBMIT_BATCH) {
      const end = Math.floor(item.index / SUBMIT_BATCH) * SUBMIT_BATCH;
      await flush(end);
      batchStart = end;
    }
    if (isInvalidLine(item)) invalid.push(item);
    else items.push(item);
  }
  await flush(lastIndex + 1);
  const sealed = await sealSweep(store.db, sweep.id, clock());
  if (queueError !== undefined)
    throw new AppError(
      'unavailable',
      `Sweep ${sweep.id} is stored but its jobs could not be queued; they are queued again within minutes.`,
    );
  return sealed;
}
