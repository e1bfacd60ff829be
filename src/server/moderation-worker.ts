/**
 * A moderation worker thread (see moderation-pool.ts): it compiles the default engine once, and each tenant's engine when
 * a job first needs it, then answers jobs of texts with their verdicts. Engines hold closures and typed arrays that cannot
 * move between threads, so every worker compiles its own; the model's weights are shared memory, read by all.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileEngine, parseLexicon, parseModel, type Engine, type LexiconSource } from '../engine/index.js';
import type { ModerationJob, ModerationReply, WorkerSetup } from './moderation-pool.js';

const setup = workerData as WorkerSetup;
const options = setup.model === null ? {} : { model: parseModel(new Uint8Array(setup.model)) };
const defaultEngine = compileEngine(parseLexicon(setup.defaultSources), options);
/** Per tenant, the newest version compiled here; an older version's job (a rare race with a swap) compiles it anew. */
const tenants = new Map<string, { version: number; engine: Engine }>();

function engineFor(job: ModerationJob): Engine {
  if (job.source === null) return defaultEngine;
  const known = tenants.get(job.tenantId);
  if (known?.version === job.version) return known.engine;
  const source: LexiconSource = job.source;
  const engine = compileEngine(parseLexicon([...setup.defaultSources, source]), options);
  if (known === undefined || known.version < job.version) tenants.set(job.tenantId, { version: job.version, engine });
  return engine;
}

parentPort!.on('message', (job: ModerationJob) => {
  let reply: ModerationReply;
  try {
    const engine = engineFor(job);
    reply = { id: job.id, verdicts: job.items.map((item) => engine.moderate(item.text, item.options)) };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
