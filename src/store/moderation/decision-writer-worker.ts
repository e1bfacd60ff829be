import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

/**
 * What the store sends: one batch of decision rows, each an array of column values in DECISION_COLUMNS order, as JSON (one
 * string crosses the thread boundary far more cheaply than a structured clone of many small arrays).
 */
export interface WriteRequest {
  readonly id: number;
  readonly rows: string;
}

/** What the worker answers once the batch is committed, or why it is not. */
export interface WriteResult {
  readonly id: number;
  readonly error?: string;
}

// Runs in a worker thread: SQLite's commit (and its fsync) blocks the thread that runs it, and here that is not the thread
// answering requests.
if (parentPort !== null) {
  const port = parentPort;
  const { file, insertSql } = workerData as { file: string; insertSql: string };
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  const insert = db.prepare(insertSql);
  const insertAll = db.transaction((rows: readonly (readonly unknown[])[]) => {
    for (const row of rows) insert.run(row);
  });
  port.on('message', (request: WriteRequest) => {
    let result: WriteResult;
    try {
      insertAll(JSON.parse(request.rows) as unknown[][]);
      result = { id: request.id };
    } catch (error) {
      result = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(result);
  });
  port.once('close', () => db.close());
}
