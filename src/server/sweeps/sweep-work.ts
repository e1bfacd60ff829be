import type { Logger } from 'pino';
import type { AgeBand, ModerateOptions, Surface, Verdict } from '../../engine/index.js';
import {
  claimStalledSweep,
  getSweep,
  getTenant,
  listStalledSweeps,
  pendingSweepChunks,
  pendingSweepItems,
  recordSweepResults,
  sweepRequestId,
  toDecisionRow,
  type Store,
  type SweepItemResult,
} from '../../store/index.js';
import type { EngineRegistry } from '../engine-registry.js';
import type { JobQueue } from '../jobs/index.js';
import { isSweepJob, publishSweepChunks } from './submit-sweep.js';

/** A sweep with no item recorded for this long is looked at again: its remaining chunks are queued anew. */
export const SWEEP_STALL_MS = 120_000;

/**
 * A verdict's fields as the JSON-lines tools write them (DESIGN.md, `qinglang scan --format jsonl`): matches and signals
 * with offsets into the text, never the text itself. Fields are only ever added.
 */
export function verdictLineFields(verdict: Verdict) {
  return {
    flagged: verdict.flagged,
    action: verdict.action,
    categories: verdict.categories,
    matches: verdict.matches.map((m) => ({
      start: m.start,
      end: m.end,
      category: m.category,
      severity: m.severity,
      term: m.term,
      via: m.via,
    })),
    ...(verdict.scores === undefined ? {} : { scores: verdict.scores }),
    ...(verdict.signals === undefined
      ? {}
      : {
          signals: verdict.signals.map((s) => ({ category: s.category, start: s.start, end: s.end, weight: s.weight })),
        }),
  };
}

/** An item's result line: the `scan` contract with the item's `index` and `ref` in place of `id`. */
export function sweepResultLine(index: number, ref: string | null, verdict: Verdict): string {
  return JSON.stringify({ index, ref, ...verdictLineFields(verdict) });
}

interface SweepWorkDeps {
  readonly store: Store;
  readonly engines: EngineRegistry;
  readonly jobs: JobQueue;
  readonly clock: () => number;
  readonly log: Logger;
}

/**
 * Handles one sweep job: moderates the chunk's items still pending, in the engine's worker threads, and records them
 * (result, decision, counters) in one transaction that skips any item already recorded. Run twice (a redelivery after a
 * worker died mid-chunk), it records nothing twice.
 */
export async function handleSweepJob(deps: SweepWorkDeps, data: unknown): Promise<number> {
  if (!isSweepJob(data)) {
    deps.log.error({ data }, 'a sweep job that is not one was dropped');
    return 0;
  }
  const { store, engines } = deps;
  const sweep = await getSweep(store.db, data.sweepId);
  if (sweep === undefined) return 0;
  const items = await pendingSweepItems(store.db, sweep.id, data);
  if (items.length === 0) return 0;
  const tenant = await getTenant(store.db, sweep.tenantId);
  if (tenant === undefined) return 0;
  // The newest lexicon version: a worker that has not swapped yet does so now (its poll may be seconds away).
  const snapshot = await engines.refresh(tenant.id);
  const optionsOf = (item: (typeof items)[number]): ModerateOptions & { readonly ageBand: AgeBand } => {
    const ageBand = (item.options?.ageBand ?? sweep.ageBand) as AgeBand;
    const surface = (item.options?.surface ?? sweep.surface ?? undefined) as Surface | undefined;
    return {
      ageBand,
      ...(surface === undefined ? {} : { surface }),
      ...(tenant.modelThreshold === null ? {} : { modelThreshold: tenant.modelThreshold }),
    };
  };
  const verdicts = await engines.moderateMany(
    tenant.id,
    snapshot,
    items.map((item) => ({ text: item.text, options: optionsOf(item) })),
    { inPool: true },
  );
  const now = deps.clock();
  const results: SweepItemResult[] = items.map((item, i) => {
    const verdict = verdicts[i]!;
    const options = optionsOf(item);
    return {
      index: item.index,
      flagged: verdict.flagged,
      result: sweepResultLine(item.index, item.ref, verdict),
      decision: toDecisionRow({
        tenantId: tenant.id,
        keyId: sweep.keyId,
        requestId: sweepRequestId(sweep.id),
        itemIndex: item.index,
        text: item.text,
        contentRef: item.ref ?? undefined,
        surface: options.surface,
        ageBand: options.ageBand,
        verdict,
        lexiconVersion: snapshot.version,
        storeText: tenant.storeText,
        now,
      }),
    };
  });
  return recordSweepResults(store.db, sweep.id, results, now);
}

/** Sweep work running in this process; `stop()` ends the stall watch (the queue's `close()` ends the handlers). */
export interface SweepWork {
  /** Queues the remaining chunks of sweeps that stopped moving; resolves with how many sweeps. */
  requeueStalled(): Promise<number>;
  stop(): void;
}

/**
 * Handles sweep jobs in this process, `concurrency` chunks at a time (enough to keep the engine's worker threads and the
 * database busy at once), and watches for sweeps that stopped moving: jobs lost with a broker or with the process of an
 * in-process queue. Their pending chunks are queued again; recording is idempotent, so a chunk queued twice costs a read.
 */
export function startSweepWork(deps: SweepWorkDeps, options: { readonly concurrency: number }): SweepWork {
  deps.jobs.consume(
    'sweep',
    async (data) => {
      await handleSweepJob(deps, data);
    },
    { concurrency: options.concurrency },
  );
  const requeueStalled = async (): Promise<number> => {
    const now = deps.clock();
    const before = now - SWEEP_STALL_MS;
    const stalled = await listStalledSweeps(deps.store.db, before);
    let taken = 0;
    for (const sweep of stalled) {
      // One process of several watching takes it; the others see it moving again.
      if (!(await claimStalledSweep(deps.store.db, sweep.id, before, now))) continue;
      taken++;
      const chunks = await pendingSweepChunks(deps.store.db, sweep);
      deps.log.warn({ sweep: sweep.id, chunks: chunks.length }, 'sweep stalled; its remaining chunks are queued again');
      await publishSweepChunks(deps.jobs, sweep, chunks, now);
    }
    return taken;
  };
  const watch = async (): Promise<void> => {
    try {
      await requeueStalled();
    } catch (error) {
      deps.log.error({ err: error }, 'sweep stall watch failed');
    }
  };
  const timer = setInterval(() => void watch(), SWEEP_STALL_MS / 4).unref();
  void watch();
  return {
    requeueStalled,
    stop: () => clearInterval(timer),
  };
}
