/**
 * The lexicon compiler's worker thread (see lexicon-compiler.ts): it compiles the default sources followed by a tenant's
 * source and posts the compiled tables back, transferring their typed arrays, so the event loop pays for none of it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../lib/index.js';
import { compileLexicon, parseLexicon } from '../engine/index.js';
import {
  encodeCompiled,
  indexDefaultLexicon,
  transferableBuffers,
  type CompileReply,
  type CompileRequest,
  type CompilerSetup,
} from './lexicon-compiler.js';

const setup = workerData as CompilerSetup;
const defaults = indexDefaultLexicon(parseLexicon(setup.defaultSources));

parentPort!.on('message', (request: CompileRequest) => {
  try {
    const compiled = compileLexicon(parseLexicon([...setup.defaultSources, request.source]));
    const { message, chunks } = encodeCompiled(compiled, defaults);
    for (const chunk of chunks) parentPort!.postMessage({ id: request.id, chunk } satisfies CompileReply);
    // Every buffer is the compile's own (no module-level table is part of the result), so moving them loses nothing here.
    parentPort!.postMessage({ id: request.id, compiled: message } satisfies CompileReply, transferableBuffers(message));
  } catch (error) {
    const reply: CompileReply = isAppError(error)
      ? { id: request.id, error: { message: error.message, code: error.code, details: error.details } }
      : { id: request.id, error: { message: error instanceof Error ? error.message : String(error) } };
    parentPort!.postMessage(reply);
  }
});
