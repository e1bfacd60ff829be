import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { dialectOf } from './dialect.js';

// One channel per schema, so deployments (and test runs) sharing a PostgreSQL database never hear each other. A channel
// name is an identifier of at most 63 bytes: a digest of the schema keeps it short whatever the schema is called.
const CHANNEL = `'qinglang_' || substr(md5(current_schema()), 1, 16)`;

/**
 * Tells every process listening on this PostgreSQL database and schema (`listenForNotices`) something changed: a
 * `pg_notify`, so within a transaction it is sent on commit and never for a change rolled back. SQLite has no such thing:
 * this does nothing there (processes on SQLite hear of changes through Redis, the cluster primary, or their poll).
 */
export async function sendNotice<DB>(db: Kysely<DB>, payload: string): Promise<void> {
  if (dialectOf(db as Kysely<unknown>) !== 'postgres') return;
  await sql`select pg_notify(${sql.raw(CHANNEL)}, ${payload})`.execute(db);
}

/** A listening connection; `close()` ends it. */
export interface NoticeListener {
  /** Whether the connection is up now (it reconnects by itself after a failure). */
  readonly connected: boolean;
  close(): Promise<void>;
}

/**
 * Listens for `sendNotice` on a connection of its own (LISTEN holds a connection, so it is not taken from the pool).
 * When the connection fails it reconnects, one attempt a second, and calls `onReconnect`: notices sent meanwhile were
 * lost, so the listener should catch up from the database. Resolves once the first LISTEN is in place.
 */
export async function listenForNotices(options: {
  readonly databaseUrl: string;
  readonly databaseSchema: string | undefined;
  readonly onNotice: (payload: string) => void;
  readonly onReconnect: () => void;
  readonly onError: (error: Error) => void;
}): Promise<NoticeListener> {
  let client: pg.Client | undefined;
  let connected = false;
  let closed = false;
  // A failure of the first connection stops start-up; only later ones are retried.
  let started = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({
      connectionString: options.databaseUrl,
      ...(options.databaseSchema === undefined ? {} : { options: `-c search_path="${options.databaseSchema}"` }),
    });
    c.on('notification', (message) => {
      if (message.payload !== undefined) options.onNotice(message.payload);
    });
    const lost = (error?: Error): void => {
      if (client !== c) return;
      client = undefined;
      connected = false;
      if (error !== undefined) options.onError(error);
      c.end().catch(() => undefined);
      if (started && !closed) schedule();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    client = c;
    try {
      await c.connect();
      const row = await c.query<{ channel: string }>(`select ${CHANNEL} as channel`);
      // Hex digits only: safe to quote as an identifier.
      await c.query(`listen "${row.rows[0]!.channel}"`);
      connected = true;
      started = true;
    } catch (error) {
      lost(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  };
  const schedule = (): void => {
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(options.onReconnect, () => undefined);
    }, 1000);
    retry.unref();
  };

  await connect();
  return {
    get connected() {
      return connected;
    },
    async close() {
      closed = true;
      if (retry !== undefined) clearTimeout(retry);
      const c = client;
      client = undefined;
      connected = false;
      await c?.end();
    },
  };
}
