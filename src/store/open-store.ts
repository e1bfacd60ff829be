import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { AppError } from '../lib/index.js';
import {
  createDecisionLog,
  type DecisionLog,
  type DecisionLogObserver,
  type DecisionWriter,
} from './moderation/decision-log.js';
import type { Dialect } from './dialect.js';
import type { WriteRequest, WriteResult } from './moderation/decision-writer-worker.js';
import type { Database, NewDecision } from './schema.js';

const DECISION_COLUMNS = [
  'tenant_id',
  'key_id',
  'request_id',
  'item_index',
  'user_ref',
  'content_ref',
  'surface',
  'age_band',
  'action',
  'flagged',
  'categories',
  'matches',
  'text',
  'text_length',
  'lexicon_version',
  'created_at',
  'target_ref',
  'scores',
  'signals',
] as const;

function decisionValues(row: NewDecision): unknown[] {
  return [
    row.tenantId,
    row.keyId ?? null,
    row.requestId,
    row.itemIndex ?? null,
    row.userRef ?? null,
    row.contentRef ?? null,
    row.surface ?? null,
    row.ageBand,
    row.action,
    row.flagged,
    row.categories,
    row.matches,
    row.text ?? null,
    row.textLength,
    row.lexiconVersion,
    row.createdAt,
    row.targetRef ?? null,
    row.scores ?? null,
    row.signals ?? null,
  ];
}

const INSERT_DECISION = `insert into decisions (${DECISION_COLUMNS.join(', ')})
  values (${DECISION_COLUMNS.map(() => '?').join(', ')})`;

/** Where the data lives: a PostgreSQL URL or an SQLite file. */
export type DatabaseLocation =
  { readonly dialect: 'postgres'; readonly url: string } | { readonly dialect: 'sqlite'; readonly file: string };

export interface StoreOptions {
  /** `postgres://…`, `sqlite:PATH`, or a plain file path (SQLite); `:memory:` for a throwaway SQLite database. */
  readonly databaseUrl: string;
  /** PostgreSQL only: the schema to use (created if missing), so several instances or test runs can share a database. */
  readonly databaseSchema?: string | undefined;
  /** PostgreSQL only: connections in the pool. */
  readonly poolSize?: number | undefined;
  /** PostgreSQL only: an idle pooled connection was ended by the server (the pool replaces it); for the log. */
  readonly onConnectionError?: ((error: Error) => void) | undefined;
  readonly observeDecisions?: DecisionLogObserver | undefined;
}

/** An open database with the decision-log writer; `close()` flushes the log and releases the connections. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** The location without credentials, for logs. */
  readonly description: string;
  readonly decisions: DecisionLog;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const INT8_OID = 20;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Reads a database URL; throws a config error naming the problem. */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new AppError('config_invalid', 'DATABASE_URL is not a valid PostgreSQL URL.');
    }
    return { dialect: 'postgres', url };
  }
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  if (file === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(file)) {
    throw new AppError('config_invalid', 'DATABASE_URL must be postgres://…, sqlite:PATH or a file path.');
  }
  return { dialect: 'sqlite', file };
}

/** Opens the database named by the options (without migrating it: see `migrateToLatest`). */
export async function openStore(options: StoreOptions): Promise<Store> {
  const location = parseDatabaseUrl(options.databaseUrl);
  return location.dialect === 'postgres' ? openPostgres(location.url, options) : openSqlite(location.file, options);
}

/**
 * Makes the SQLite file, its WAL and its shared-memory file readable by the service's user alone (0600), and a directory
 * the service creates for it 0700: they hold reporters' contacts, minors' birth dates and stored text. SQLite gives the
 * WAL and SHM files the database file's mode when it creates them; files left by an older version are tightened too.
 */
function protectSqliteFiles(file: string): void {
  if (file === ':memory:' || file === '' || file.startsWith('file:')) return;
  const dir = dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path)) chmodSync(path, 0o600);
  }
}

function openSqlite(file: string, options: StoreOptions): Store {
  protectSqliteFiles(file);
  const raw = new BetterSqlite3(file);
  // WAL lets readers run beside the writer; synchronous=FULL makes each commit durable across power loss, not only a crash
  // of this process — affordable because the decision log commits once per event-loop tick, not once per request.
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: raw }),
    plugins: [new CamelCasePlugin()],
  });
  const write: DecisionWriter =
    file === ':memory:' || file === '' ? sameThreadWriter(db, raw) : createWorkerWriter(file);
  const decisions = createDecisionLog(write, options.observeDecisions);
  return {
    db,
    dialect: 'sqlite',
    description: `sqlite:${file}`,
    decisions,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await decisions.close();
      await write.close?.();
      await db.destroy();
    },
  };
}

/**
 * A writer on the store's own connection, for in-memory databases (which a second connection cannot see). Going through
 * Kysely's connection() takes the lock Kysely's transactions hold, so a batch never lands inside another unit of work.
 */
function sameThreadWriter(db: Kysely<Database>, raw: BetterSqlite3.Database): DecisionWriter {
  // Prepared on first use: the table exists only once migrations have run.
  let insertAll: ((rows: readonly NewDecision[]) => void) | undefined;
  return (rows) =>
    db.connection().execute(() => {
      if (insertAll === undefined) {
        const insert = raw.prepare(INSERT_DECISION);
        insertAll = raw.transaction((batch: readonly NewDecision[]) => {
          for (const row of batch) insert.run(decisionValues(row));
        });
      }
      insertAll(rows);
      return Promise.resolve();
    });
}

/**
 * A writer that commits in a worker thread with its own connection (WAL lets it write beside the readers), so the fsync of
 * each group commit does not stall the event loop that answers requests. Started on first use; restarted if it dies.
 */
function createWorkerWriter(file: string): DecisionWriter {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  const start = (): Worker => {
    const w = new Worker(new URL('./moderation/decision-writer-worker.js', import.meta.url), {
      workerData: { file, insertSql: INSERT_DECISION },
    });
    w.on('message', (result: WriteResult) => {
      const waiting = pending.get(result.id);
      pending.delete(result.id);
      if (result.error === undefined) waiting?.resolve();
      else waiting?.reject(new Error(`decision log write failed: ${result.error}`));
    });
    const fail = (error: Error): void => {
      if (worker === w) worker = undefined;
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`decision log writer stopped (exit ${code})`)));
    return w;
  };
  const write: DecisionWriter = (rows) =>
    new Promise<void>((resolve, reject) => {
      worker ??= start();
      const id = nextId++;
      pending.set(id, { resolve, reject });
      const request: WriteRequest = { id, rows: JSON.stringify(rows.map(decisionValues)) };
      worker.postMessage(request);
    });
  write.close = async () => {
    const w = worker;
    worker = undefined;
    if (w !== undefined) await w.terminate();
  };
  return write;
}

async function openPostgres(url: string, options: StoreOptions): Promise<Store> {
  const schema = options.databaseSchema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new AppError('config_invalid', 'DATABASE_SCHEMA must be a lower-case SQL identifier.');
  }
  if (schema !== undefined) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`create schema if not exists "${schema}"`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(schema === undefined ? {} : { options: `-c search_path="${schema}"` }),
    // bigint columns hold millisecond times and ids well inside 2^53; read them as numbers, as SQLite does.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
        oid === INT8_OID ? Number : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server ends (a restart, a failover, pg_terminate_backend) is dropped by the pool and replaced on
  // next use; the pool reports it as an 'error' event, which without a listener would end the whole process.
  pool.on('error', (error) => options.onConnectionError?.(error));
  // The pool listens on idle connections only: one that is checked out between two queries of a transaction when the
  // server ends it emits 'error' on the client itself, and without a listener that too ends the process (seen under load
  // in pg-resilience.test.ts). The query waiting on it fails and the pool drops it when it is released.
  pool.on('connect', (client) => client.on('error', (error) => options.onConnectionError?.(error)));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  const write: DecisionWriter = async (rows) => {
    // One statement is atomic by itself: the common batch costs one round trip, not three.
    if (rows.length <= 1000) {
      await db.insertInto('decisions').values(rows).execute();
      return;
    }
    // One statement per 1,000 rows keeps far below PostgreSQL's 65,535 parameters; one transaction keeps the batch atomic.
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < rows.length; i += 1000) {
        await tx
          .insertInto('decisions')
          .values(rows.slice(i, i + 1000))
          .execute();
      }
    });
  };
  // Half the pool may commit decision batches at once; the rest serves everything else.
  const decisions = createDecisionLog(write, options.observeDecisions, {
    maxInFlight: Math.min(4, Math.floor((options.poolSize ?? 10) / 2)),
  });
  const safe = new URL(url);
  safe.password = '';
  return {
    db,
    dialect: 'postgres',
    description: `${safe.protocol}//${safe.host}${safe.pathname}${schema === undefined ? '' : ` (schema ${schema})`}`,
    decisions,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await decisions.close();
      await db.destroy();
    },
  };
}
