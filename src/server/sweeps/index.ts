// Bulk sweeps (issue 19): submission, the work of a chunk, the HTTP routes and the runtime of `qinglang worker`.
export { isInvalidLine, readSweepLine, readSweepObject, SWEEP_REF_MAX } from './sweep-input.js';
export { SWEEP_CHUNK_SIZE, isSweepJob, publishSweepChunks, submitSweep } from './submit-sweep.js';
export type { SweepJob } from './submit-sweep.js';
export { SWEEP_STALL_MS, handleSweepJob, startSweepWork, sweepResultLine, verdictLineFields } from './sweep-work.js';
export type { SweepWork } from './sweep-work.js';
export { createSweepRoutes, sweepJson, sweepResultLines } from './routes.js';
export { openSubmitRuntime, openWorkerRuntime, startWorkerJobs, sweepTenant } from './worker-runtime.js';
export type { SubmitRuntime, WorkerJobs, WorkerRuntime } from './worker-runtime.js';
