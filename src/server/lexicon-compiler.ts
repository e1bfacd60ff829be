import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { AppError, type ErrorCode, type ErrorDetail } from '../lib/index.js';
import type { CompiledLexicon, Lexicon, LexiconSource } from '../engine/index.js';

/** What the compiler's worker is started with. */
export interface CompilerSetup {
  readonly defaultSources: readonly LexiconSource[];
}

/** A request to the worker: the tenant's source, compiled after the default sources. */
export interface CompileRequest {
  readonly id: number;
  readonly source: LexiconSource;
}

const LISTS = ['terms', 'allows', 'contexts', 'cues'] as const;
/** Entries of a tenant's lexicon that the default lexicon does not have. */
export interface OwnEntries {
  readonly terms: Lexicon['terms'][number][];
  readonly allows: Lexicon['allows'][number][];
  readonly contexts: Lexicon['contexts'][number][];
  readonly cues: Lexicon['cues'][number][];
}

/**
 * A compiled lexicon as the worker sends it. Entries that the default lexicon has as they are (most of a tenant's
 * lexicon) go by index, `refs[list][i] = k` for the default's entry k and `-(j + 1)` for the j-th own one, so the event
 * loop reads a few typed arrays instead of thousands of objects (tens of ms of structured clone), and the engines share
 * the default's entry objects. Own entries come in chunks before it, each a message (and a task) of its own.
 */
export interface CompiledMessage {
  readonly tables: Omit<CompiledLexicon, 'lexicon'>;
  readonly refs: { readonly [K in (typeof LISTS)[number]]: Int32Array };
}

/** The worker's messages: chunks of own entries, then the compiled tables (transferred, not copied), or the failure. */
export type CompileReply =
  | { readonly id: number; readonly chunk: OwnEntries }
  | { readonly id: number; readonly compiled: CompiledMessage }
  | {
      readonly id: number;
      readonly error: {
        readonly message: string;
        readonly code?: ErrorCode;
        readonly details?: readonly ErrorDetail[];
      };
    };

/** A compiled lexicon as it crosses threads: the message and the chunks of own entries before it. */
export interface WireLexicon {
  readonly message: CompiledMessage;
  readonly chunks: readonly OwnEntries[];
}

/** At most this many own entries a message: each message is deserialized in one task of the event loop. */
export const CHUNK_ENTRIES = 1000;

/** Looks up entries of the default lexicon by their content, for `encodeCompiled`. */
export type DefaultIndex = { readonly [K in (typeof LISTS)[number]]: ReadonlyMap<string, number> };

export function indexDefaultLexicon(lexicon: Lexicon): DefaultIndex {
  const index = (entries: readonly object[]): Map<string, number> =>
    new Map(entries.map((entry, k) => [JSON.stringify(entry), k]));
  return {
    terms: index(lexicon.terms),
    allows: index(lexicon.allows),
    contexts: index(lexicon.contexts),
    cues: index(lexicon.cues),
  };
}

/**
 * Splits a compiled lexicon into the message and the own entries' chunks. An entry equal in content (JSON, which holds
 * its origin line) to a default one is that one: both threads parse the same default sources.
 */
export function encodeCompiled(
  compiled: CompiledLexicon,
  defaults: DefaultIndex,
): { message: CompiledMessage; chunks: OwnEntries[] } {
  const own: OwnEntries = { terms: [], allows: [], contexts: [], cues: [] };
  const refs = {} as Record<(typeof LISTS)[number], Int32Array>;
  for (const list of LISTS) {
    const entries: readonly object[] = compiled.lexicon[list];
    const mine: object[] = own[list];
    refs[list] = Int32Array.from(entries, (entry) => {
      const k = defaults[list].get(JSON.stringify(entry));
      if (k !== undefined) return k;
      mine.push(entry);
      return -mine.length;
    });
  }
  const chunks: OwnEntries[] = [];
  const longest = Math.max(...LISTS.map((list) => own[list].length));
  for (let from = 0; from < longest; from += CHUNK_ENTRIES) {
    const to = from + CHUNK_ENTRIES;
    chunks.push({
      terms: own.terms.slice(from, to),
      allows: own.allows.slice(from, to),
      contexts: own.contexts.slice(from, to),
      cues: own.cues.slice(from, to),
    });
  }
  const tables: CompiledMessage['tables'] = {
    variants: compiled.variants,
    maxSkip: compiled.maxSkip,
    acrosticMinLength: compiled.acrosticMinLength,
    homophoneExactChars: compiled.homophoneExactChars,
    termChars: compiled.termChars,
    termCharStart: compiled.termCharStart,
    main: compiled.main,
    ...(compiled.substitution ? { substitution: compiled.substitution } : {}),
    ...(compiled.pinyin ? { pinyin: compiled.pinyin } : {}),
  };
  return { message: { tables, refs }, chunks };
}

/** The compiled lexicon again, over the default lexicon that this thread parsed itself. */
export function decodeCompiled(
  message: CompiledMessage,
  chunks: readonly OwnEntries[],
  defaults: Lexicon,
): CompiledLexicon {
  const own: OwnEntries = {
    terms: chunks.flatMap((c) => c.terms),
    allows: chunks.flatMap((c) => c.allows),
    contexts: chunks.flatMap((c) => c.contexts),
    cues: chunks.flatMap((c) => c.cues),
  };
  const pick = <T>(refs: Int32Array, base: readonly T[], mine: readonly T[]): T[] =>
    Array.from(refs, (k) => (k >= 0 ? base[k]! : mine[-k - 1]!));
  return {
    ...message.tables,
    lexicon: {
      terms: pick(message.refs.terms, defaults.terms, own.terms),
      allows: pick(message.refs.allows, defaults.allows, own.allows),
      contexts: pick(message.refs.contexts, defaults.contexts, own.contexts),
      cues: pick(message.refs.cues, defaults.cues, own.cues),
    },
  };
}

/**
 * Compiles tenants' lexicons in a worker thread, so that a lexicon change (0.4–0.6 s of compiling with the default
 * lexicon) never holds the event loop: the calling thread only turns the compiled tables into an engine. One worker,
 * started on first use, unreferenced (an idle compiler keeps no process alive) and stopped when idle; requests are
 * compiled in turn.
 */
export interface LexiconCompiler {
  /**
   * Compiles the default sources followed by `source`; `wire` is the same in the form that crosses threads, for the
   * moderation pool's workers (they parse the default sources too).
   *
   * @throws AppError `lexicon_invalid` as parseLexicon and compileLexicon throw it; an Error when the worker fails.
   */
  compile(source: LexiconSource): Promise<{ readonly compiled: CompiledLexicon; readonly wire: WireLexicon }>;
  /** Stops the worker; compiles in flight are rejected. */
  close(): Promise<void>;
}

export function createLexiconCompiler(options: {
  readonly defaultSources: readonly LexiconSource[];
  /** This thread's parse of the default sources, whose entries a tenant's compiled lexicon shares (see CompiledMessage). */
  readonly defaults: Lexicon;
  readonly log: Logger;
  /**
   * The worker stops after this long without a compile (default a minute): an idle compiler holds tens of MB, and lexicon
   * changes come in bursts; the next change starts it again, off the event loop like the compile itself.
   */
  readonly idleMs?: number;
}): LexiconCompiler {
  const { log } = options;
  const idleMs = options.idleMs ?? 60_000;
  let worker: Worker | undefined;
  let idle: NodeJS.Timeout | undefined;
  /** Workers stopped for being idle: their exit is no failure. */
  const retired = new WeakSet<Worker>();
  const pending = new Map<
    number,
    {
      chunks: OwnEntries[];
      resolve: (c: { compiled: CompiledLexicon; wire: WireLexicon }) => void;
      reject: (e: Error) => void;
    }
  >();
  let nextId = 0;
  let closed = false;

  const start = (): Worker => {
    const started = new Worker(new URL('./lexicon-compile-worker.js', import.meta.url), {
      workerData: { defaultSources: options.defaultSources } satisfies CompilerSetup,
    });
    started.unref();
    started.on('message', (reply: CompileReply) => {
      const waiting = pending.get(reply.id);
      if (waiting === undefined) return;
      if ('chunk' in reply) {
        waiting.chunks.push(reply.chunk);
        return;
      }
      pending.delete(reply.id);
      if (pending.size === 0) {
        idle = setTimeout(() => {
          if (worker !== started || pending.size > 0) return;
          retired.add(started);
          worker = undefined;
          void started.terminate();
        }, idleMs);
        idle.unref();
      }
      if ('compiled' in reply) {
        try {
          const wire = { message: reply.compiled, chunks: waiting.chunks };
          waiting.resolve({ compiled: decodeCompiled(wire.message, wire.chunks, options.defaults), wire });
        } catch (error) {
          waiting.reject(error instanceof Error ? error : new Error(String(error)));
        }
      } else if (reply.error.code !== undefined)
        waiting.reject(new AppError(reply.error.code, reply.error.message, reply.error.details));
      else waiting.reject(new Error(`lexicon compiler: ${reply.error.message}`));
    });
    // A worker that dies (out of memory, a bug) fails what it held; the next compile starts a fresh one.
    const fail = (error: Error): void => {
      if (retired.has(started)) return;
      if (worker === started) worker = undefined;
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
      if (!closed) log.error({ err: error }, 'lexicon compiler stopped; it restarts on the next change');
    };
    started.on('error', fail);
    started.on('exit', (code) => fail(new Error(`lexicon compiler exited with code ${code}`)));
    return started;
  };

  return {
    compile(source) {
      if (closed) return Promise.reject(new Error('the lexicon compiler is closed'));
      clearTimeout(idle);
      worker ??= start();
      const target = worker;
      const id = nextId++;
      return new Promise<{ compiled: CompiledLexicon; wire: WireLexicon }>((resolve, reject) => {
        pending.set(id, { chunks: [], resolve, reject });
        target.postMessage({ id, source } satisfies CompileRequest);
      });
    },
    async close() {
      closed = true;
      clearTimeout(idle);
      const running = worker;
      worker = undefined;
      if (running !== undefined) await running.terminate();
    },
  };
}

/**
 * The distinct buffers of every typed array inside a value (objects, arrays, maps and sets walked), for a transfer list:
 * the compiled tables move to the other thread instead of being copied there.
 */
export function transferableBuffers(value: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item !== 'object' || item === null || seen.has(item)) continue;
    seen.add(item);
    if (ArrayBuffer.isView(item)) {
      if (item.buffer instanceof ArrayBuffer) buffers.add(item.buffer);
    } else if (item instanceof Map) for (const [k, v] of item) stack.push(k, v);
    else if (item instanceof Set) for (const v of item) stack.push(v);
    else if (Array.isArray(item)) {
      // Arrays of numbers or strings (a term's characters) hold nothing to transfer: skip their elements.
      if (item.length > 0 && typeof item[0] === 'object') for (const v of item) stack.push(v);
    } else for (const v of Object.values(item)) stack.push(v);
  }
  return [...buffers];
}
