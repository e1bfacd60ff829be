// Bulk sweeps (issue 19): a backlog of texts, its items keyed by (sweep, index), and their results.
export {
  SWEEP_STATUSES,
  addSweepItems,
  claimStalledSweep,
  createSweep,
  getSweep,
  listStalledSweeps,
  listSweepResults,
  listSweeps,
  pendingSweepChunks,
  pendingSweepItems,
  recordSweepResults,
  sealSweep,
  sweepRequestId,
} from './sweeps.js';
export type {
  PendingSweepItem,
  Sweep,
  SweepInvalidLine,
  SweepItemInput,
  SweepItemResult,
  SweepResultLine,
  SweepStatus,
} from './sweeps.js';
export type { SweepTables } from './tables.js';
