import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig, startServer, type RunningServer } from '../../src/server/index.js';

/** A database the console suites run on: SQLite always, PostgreSQL when TEST_PG_URL is set (and required in CI). */
export interface TestDatabase {
  readonly name: 'sqlite' | 'postgres';
  /** Environment for loadConfig, or the reason the database is not available. */
  readonly env:
    (() => Promise<{ readonly env: Record<string, string>; readonly cleanup: () => Promise<void> }>) | string;
}

/** The databases to run every console suite on. In CI a missing TEST_PG_URL is a failure, not a skip. */
export function testDatabases(): readonly TestDatabase[] {
  const pgUrl = process.env['TEST_PG_URL'];
  if (pgUrl === undefined || pgUrl === '') {
    assert.notEqual(
      process.env['CI'],
      'true',
      'TEST_PG_URL must be set in CI: the PostgreSQL suites may not be skipped',
    );
  }
  return [
    {
      name: 'sqlite',
      env: () => {
        const dir = mkdtempSync(join(tmpdir(), 'qinglang-console-'));
        return Promise.resolve({
          env: { DATABASE_URL: `sqlite:${join(dir, 'test.db')}` },
          cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
        });
      },
    },
    {
      name: 'postgres',
      env:
        pgUrl === undefined || pgUrl === ''
          ? 'TEST_PG_URL is not set'
          : async () => {
              // A database of its own per server, not only a schema: Kysely's migrator looks for its lock table in every
              // schema of the database, so a schema beside another suite's would find that suite's table and fail.
              const name = `qinglang_console_${process.pid}_${randomBytes(4).toString('hex')}`;
              await adminQuery(pgUrl, `create database "${name}"`);
              const url = new URL(pgUrl);
              url.pathname = `/${name}`;
              return {
                env: { DATABASE_URL: url.toString() },
                cleanup: () => adminQuery(pgUrl, `drop database if exists "${name}" with (force)`),
              };
            },
    },
  ];
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The real server on a free port, with a clock the test moves. */
export interface TestServer {
  readonly server: RunningServer;
  readonly url: string;
  readonly setupUrl: string;
  /** The server's clock. */
  now(): number;
  advance(ms: number): void;
  close(): Promise<void>;
}

/** Starts the whole service (store, migrations, engines, API and console) the way `qinglang serve` does. */
export async function startTestServer(
  database: TestDatabase,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<TestServer> {
  if (typeof database.env === 'string') throw new Error(database.env);
  const { env, cleanup } = await database.env();
  let now = Date.parse('2026-03-02T02:00:00Z');
  // The clock stands still in these tests, so the per-address sign-in limit would never refill: one test checks it.
  const config = loadConfig({
    ...env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    CONSOLE_SIGN_IN_PER_HOUR: '1000000',
    ...extraEnv,
  });
  let server: RunningServer;
  try {
    server = await startServer(config, { log: pino({ level: 'silent' }), clock: () => now });
  } catch (error) {
    await cleanup();
    throw error;
  }
  assert.ok(server.setupUrl, 'a fresh database prints a setup link');
  return {
    server,
    url: server.url,
    setupUrl: server.setupUrl,
    now: () => now,
    advance: (ms) => {
      now += ms;
      // The rate limits count on the real clock (rate-limiter-flexible): a window passed here starts them afresh.
      server.deps.limits.reset();
    },
    close: async () => {
      await server.close();
      await cleanup();
    },
  };
}

/** One answer, with the body read. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  readonly location: string | null;
}

/** A browser stand-in: keeps cookies, does not follow redirects, reads the CSRF token from the last page. */
export class Visitor {
  readonly cookies = new Map<string, string>();
  lastCsrf = '';
  readonly base: string;
  readonly extraHeaders: Record<string, string>;

  constructor(base: string, extraHeaders: Record<string, string> = {}) {
    this.base = base;
    this.extraHeaders = extraHeaders;
  }

  private async send(path: string, init: RequestInit): Promise<Answer> {
    const url = path.startsWith('http') ? path : `${this.base}${path}`;
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...this.extraHeaders, ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string>) },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const body = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token !== undefined) this.lastCsrf = token;
    return { status: res.status, headers: res.headers, body, location: res.headers.get('location') };
  }

  get(path: string): Promise<Answer> {
    return this.send(path, { method: 'GET' });
  }

  /** Posts a form; `_csrf` is the token of the last page seen unless the fields give one (or `null` to leave it out). */
  post(path: string, fields: Record<string, string | readonly string[] | null>, headers: Record<string, string> = {}) {
    const form = new URLSearchParams();
    const withToken = '_csrf' in fields ? fields : { _csrf: this.lastCsrf, ...fields };
    for (const [name, value] of Object.entries(withToken)) {
      if (value === null) continue;
      for (const v of typeof value === 'string' ? [value] : value) form.append(name, v);
    }
    return this.send(path, {
      method: 'POST',
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }
}

export const ADMIN = { username: 'admin', password: 'correct horse battery staple' } as const;

/** Completes first-administrator setup through the one-time link. */
export async function setUpAdmin(server: TestServer): Promise<void> {
  const visitor = new Visitor(server.url);
  const page = await visitor.get(server.setupUrl.slice(server.url.length));
  assert.equal(page.status, 200);
  const token = new URL(server.setupUrl).searchParams.get('token') ?? '';
  const done = await visitor.post('/console/setup', { token, ...ADMIN, password2: ADMIN.password });
  assert.equal(done.status, 303, done.body);
}

/** A visitor signed in as the user. */
export async function signedIn(server: TestServer, user: { username: string; password: string }): Promise<Visitor> {
  const visitor = new Visitor(server.url);
  await visitor.get('/console/sign-in');
  const answer = await visitor.post('/console/sign-in', user);
  assert.equal(answer.status, 303, `sign-in of ${user.username} failed: ${answer.status}`);
  await visitor.get(answer.location ?? '/console/');
  return visitor;
}
