import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { serializeModel, type LexiconSource, type Model, type ModerateOptions, type Verdict } from '../engine/index.js';
import type { WireLexicon } from './lexicon-compiler.js';

/** One text of a job and how to judge it. */
export interface ModerationItem {
  readonly text: string;
  readonly options: ModerateOptions;
}

/** What a worker is started with. */
export interface WorkerSetup {
  readonly defaultSources: readonly LexiconSource[];
  /** The model file's bytes in shared memory (every worker reads the same copy), or null without a model. */
  readonly model: SharedArrayBuffer | null;
}

/** A job for one worker: texts of one tenant, judged by the engine of `source` (null: the default lexicon alone). */
export interface ModerationJob {
  readonly id: number;
  readonly tenantId: string;
  readonly version: number;
  readonly source: LexiconSource | null;
  /**
   * The lexicon compiler's output for this version, sent with the first job of the version a worker gets: the worker
   * builds the engine over it instead of compiling `source` again (0.4–0.6 s of a core each).
   */
  readonly wire?: WireLexicon;
  readonly items: readonly ModerationItem[];
}

export type ModerationReply =
  { readonly id: number; readonly verdicts: Verdict[] } | { readonly id: number; readonly error: string };

/**
 * Worker threads that moderate large requests off the event loop, so that a batch of a thousand long texts no longer
 * holds every other caller (and /healthz) for seconds. Started on first use: a process that never gets a large request
 * never pays for the workers' engines (each compiles its own, tens of MB).
 */
export interface ModerationPool {
  readonly size: number;
  /** Judges the items, split across the workers, and resolves with their verdicts in order. */
  moderate(
    tenant: {
      readonly id: string;
      readonly version: number;
      readonly source: LexiconSource | null;
      readonly wire?: WireLexicon | undefined;
    },
    items: readonly ModerationItem[],
  ): Promise<Verdict[]>;
  /** Stops the workers; jobs in flight are rejected. */
  close(): Promise<void>;
}

/** Workers for a machine: one core stays with the event loop, at most four (engines are memory, not only CPU). */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

export function createModerationPool(options: {
  readonly size: number;
  readonly defaultSources: readonly LexiconSource[];
  readonly model?: Model | undefined;
  readonly log: Logger;
}): ModerationPool {
  const { size, log } = options;
  let shared: SharedArrayBuffer | null | undefined;
  const workers: (Worker | undefined)[] = Array.from({ length: size }, () => undefined);
  /** Per worker, the version of each tenant whose compiled lexicon it was sent. */
  const given = Array.from({ length: size }, () => new Map<string, number>());
  const pending = new Map<number, { resolve: (verdicts: Verdict[]) => void; reject: (error: Error) => void }>();
  /** Which worker each pending job went to, so a worker that dies rejects only its own jobs. */
  const owner = new Map<number, number>();
  let nextId = 0;
  let next = 0;
  let closed = false;

  const setup = (): WorkerSetup => {
    if (shared === undefined) {
      if (options.model === undefined) shared = null;
      else {
        const bytes = serializeModel(options.model);
        shared = new SharedArrayBuffer(bytes.length);
        new Uint8Array(shared).set(bytes);
      }
    }
    return { defaultSources: options.defaultSources, model: shared };
  };

  const start = (slot: number): Worker => {
    const worker = new Worker(new URL('./moderation-worker.js', import.meta.url), { workerData: setup() });
    worker.unref();
    given[slot] = new Map();
    worker.on('message', (reply: ModerationReply) => {
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      owner.delete(reply.id);
      if (waiting === undefined) return;
      if ('error' in reply) waiting.reject(new Error(`moderation worker: ${reply.error}`));
      else waiting.resolve(reply.verdicts);
    });
    const fail = (error: Error): void => {
      if (workers[slot] === worker) workers[slot] = undefined;
      for (const [id, at] of owner) {
        if (at !== slot) continue;
        pending.get(id)?.reject(error);
        pending.delete(id);
        owner.delete(id);
      }
      if (!closed) log.error({ err: error, worker: slot }, 'moderation worker stopped; it restarts on the next job');
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`moderation worker exited with code ${code}`)));
    workers[slot] = worker;
    return worker;
  };

  const run = (slot: number, job: Omit<ModerationJob, 'id'>): Promise<Verdict[]> => {
    const worker = workers[slot] ?? start(slot);
    const id = nextId++;
    // The compiled lexicon goes once per worker and version (a copy of a few MB); later jobs find the engine built.
    const sent = given[slot]!;
    const { wire, ...rest } = job;
    const withWire = wire !== undefined && sent.get(job.tenantId) !== job.version;
    if (withWire) sent.set(job.tenantId, job.version);
    return new Promise<Verdict[]>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      owner.set(id, slot);
      worker.postMessage((withWire ? { ...rest, wire, id } : { ...rest, id }) satisfies ModerationJob);
    });
  };

  return {
    size,
    async moderate(tenant, items) {
      if (closed) throw new Error('the moderation pool is closed');
      // Contiguous shares, one per worker, starting at the next worker in turn: order is kept by concatenation.
      const shares = Math.min(size, items.length);
      const per = Math.ceil(items.length / shares);
      const jobs: Promise<Verdict[]>[] = [];
      for (let s = 0; s < shares; s++) {
        const slot = (next + s) % size;
        const part = items.slice(s * per, (s + 1) * per);
        if (part.length > 0)
          jobs.push(
            run(slot, {
              tenantId: tenant.id,
              version: tenant.version,
              source: tenant.source,
              ...(tenant.wire ? { wire: tenant.wire } : {}),
              items: part,
            }),
          );
      }
      next = (next + 1) % size;
      return (await Promise.all(jobs)).flat();
    },
    async close() {
      closed = true;
      await Promise.all(workers.flatMap((w) => (w === undefined ? [] : [w.terminate()])));
    },
  };
}
