import { Writable } from 'node:stream';
import { createLogger, loadConfig, startServer, type RunningServer } from '../../src/server/index.js';
import { createApiKey, createTenant, type Scope } from '../../src/store/index.js';
import type { FreshDatabase, TestDialect } from './dialects.js';

type Json = Record<string, unknown>;

/** An answer of the API: status, headers, and the body as JSON (or null when it is not JSON). */
export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Json | null;
  readonly text: string;
}

/** The service as `qinglang serve` runs it, with its log kept in memory, a clock the test moves and the codes sent. */
export interface AbuseServer {
  readonly server: RunningServer;
  readonly url: string;
  /** The environment that points a service at the same database (DATABASE_URL and, on PostgreSQL, DATABASE_SCHEMA). */
  readonly databaseEnv: Readonly<Record<string, string>>;
  /** Every line the service logged, as written (JSON). */
  readonly logs: string[];
  /** The last one-time code sent to each identifier. */
  readonly codes: Map<string, string>;
  /** Tokens of the tenant `acme`'s keys by scope, and `beta`'s admin key. */
  readonly keys: Readonly<Record<Scope | 'betaAdmin', string>>;
  now(): number;
  advance(ms: number): void;
  call(
    method: string,
    path: string,
    options?: {
      key?: string | undefined;
      body?: unknown;
      raw?: string | Uint8Array;
      headers?: Record<string, string>;
    },
  ): Promise<ApiAnswer>;
  close(): Promise<void>;
}

/**
 * The field key every abuse server of a test process seals birth dates and contacts with. The keyring is one per process
 * (installFieldKeyring), so servers of one process on databases with keys of their own would seal each other's rows
 * with the wrong key; a deployment runs one service per process and never meets this.
 */
export const TEST_PII_KEY = 'a'.repeat(64);

/** Monday 2 March 2026, 10:00 in Beijing. */
export const START = Date.parse('2026-03-02T02:00:00Z');

/** Starts the service on a fresh database of the dialect, with the tenants `acme` and `beta` and keys of every scope. */
export async function startAbuseServer(
  dialect: TestDialect,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<AbuseServer> {
  const database: FreshDatabase = dialect.fresh();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  });
  let now = START;
  const codes = new Map<string, string>();
  const config = loadConfig({
    ...database.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    RATE_LIMIT_PER_SECOND: '1000000',
    GUARDIAN_AUTH_PER_HOUR: '1000000',
    CONSOLE_SIGN_IN_PER_HOUR: '1000000',
    WEBHOOK_POLL_SECONDS: '3600',
    PII_ENCRYPTION_KEY: TEST_PII_KEY,
    ...extraEnv,
  });
  const server = await startServer(config, {
    log: createLogger('info', sink),
    clock: () => now,
    notifier: {
      kind: 'log',
      sendSignInCode: (message) => {
        codes.set(message.identifier, message.code);
        return Promise.resolve();
      },
      sendAlert: () => Promise.resolve(),
    },
  });
  const db = server.deps.store.db;
  await createTenant(db, { id: 'acme' }, now);
  await createTenant(db, { id: 'beta' }, now);
  const keys: Record<string, string> = {};
  for (const scope of ['moderate', 'admin', 'report', 'review', 'youth', 'guardian'] as const) {
    keys[scope] = (await createApiKey(db, { tenantId: 'acme', scopes: [scope] }, now)).token;
  }
  keys['betaAdmin'] = (await createApiKey(db, { tenantId: 'beta', scopes: ['admin'] }, now)).token;

  return {
    server,
    url: server.url,
    databaseEnv: database.env,
    logs,
    codes,
    keys: keys as AbuseServer['keys'],
    now: () => now,
    advance: (ms) => {
      now += ms;
      // The rate limits count on the real clock (rate-limiter-flexible): a window passed here starts them afresh.
      server.deps.limits.reset();
    },
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
      if (options.key !== undefined) headers['authorization'] = `Bearer ${options.key}`;
      const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      let parsed: Json | null = null;
      try {
        parsed = JSON.parse(text) as Json;
      } catch {
        parsed = null;
      }
      return { status: response.status, headers: response.headers, body: parsed, text };
    },
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

/** The error code of an answer, or undefined. */
export function errorCodeOf(answer: ApiAnswer): string | undefined {
  const error = answer.body?.['error'] as { code?: unknown } | undefined;
  return typeof error?.code === 'string' ? error.code : undefined;
}

/** The paths of an error answer's details. */
export function errorPathsOf(answer: ApiAnswer): string[] {
  const error = answer.body?.['error'] as { details?: { path?: string }[] } | undefined;
  return (error?.details ?? []).map((d) => d.path ?? '');
}
