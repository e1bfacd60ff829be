/**
 * A moderation worker thread (see moderation-pool.ts): it compiles the default engine once, and builds each tenant's
 * engine when a job first needs it, over the lexicon compiler's tables that the job brings (or compiles it, when a job
 * comes without them), then answers jobs of texts with their verdicts. The model's weights are shared memory, read by all.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  compileEngine,
  createEngine,
  parseLexicon,
  parseModel,
  type Engine,
  type LexiconSource,
} from '../engine/index.js';
import { decodeCompiled } from './lexicon-compiler.js';
import type { ModerationJob, ModerationReply, WorkerSetup } from './moderation-pool.js';

const setup = workerData as WorkerSetup;
const options = setup.model === null ? {} : { model: parseModel(new Uint8Array(setup.model)) };
const defaultLexicon = parseLexicon(setup.defaultSources);
const defaultEngine = compileEngine(defaultLexicon, options);
/** Per tenant, the newest version compiled here; an older version's job (a rare race with a swap) compiles it anew. */
const tenants = new Map<string, { version: number; engine: Engine }>();

function engineFor(job: ModerationJob): Engine {
  if (job.source === null) return defaultEngine;
  const known = tenants.get(job.tenantId);
  if (known?.version === job.version) return known.engine;
  const source: LexiconSource = job.source;
  // What the lexicon compiler made, when the job brings it; else (a worker restarted since) compiled here.
  const engine = job.wire
    ? createEngine(decodeCompiled(job.wire.message, job.wire.chunks, defaultLexicon), options.model)
    : compileEngine(parseLexicon([...setup.defaultSources, source]), options);
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
