import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createApiKey, createTenant, migrateToLatest, openStore, type Scope } from '../../src/store/index.js';
import type { FreshDatabase, TestDialect } from './dialects.js';

const BIN = fileURLToPath(new URL('../../../bin/qinglang.js', import.meta.url));

export interface Child {
  readonly process: ChildProcess;
  readonly url: string;
  readonly exited: Promise<number | null>;
}

/**
 * A fresh database of the dialect, migrated, with one tenant and an API key of one scope: what a spawned server needs to
 * be called. The caller drops the database.
 */
export async function freshTenantDatabase(
  dialect: TestDialect,
  tenantId: string,
  scope: Scope,
): Promise<{ readonly database: FreshDatabase; readonly token: string }> {
  const database = dialect.fresh();
  const store = await openStore({ databaseUrl: database.databaseUrl, databaseSchema: database.databaseSchema });
  try {
    await migrateToLatest(store.db);
    await createTenant(store.db, { id: tenantId }, Date.now());
    const token = (await createApiKey(store.db, { tenantId, scopes: [scope] }, Date.now())).token;
    return { database, token };
  } finally {
    await store.close();
  }
}

/** Starts `qinglang serve` (with `args`, such as `--workers 2`) as its own process; resolves once it prints where it listens. */
export async function spawnServer(env: Readonly<Record<string, string>>, args: readonly string[] = []): Promise<Child> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_SECOND: '1000000', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    // Generous: a busy machine, or several processes compiling their engines at once under --workers.
    const timer = setTimeout(() => reject(new Error(`server did not start: ${seen}`)), 90_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk;
      const found = /serving on (http:\/\/[^\s]+)/.exec(seen);
      if (found !== null) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${seen}`)));
  });
  return { process: child, url, exited };
}

/**
 * Drives a spawned server with `workers` clients, each calling `call(worker, i)` for i = 0, 1, … until at least
 * `target` calls were answered (call returns what it keeps of an answer, or undefined for none), then kills it with
 * SIGKILL in mid-stream. A call cut off by the kill counts as sent, not answered. Resolves to what was answered, how
 * many calls were sent, and the exit code (null: killed).
 */
export async function killDuringBurst<T>(
  server: Child,
  options: {
    readonly workers: number;
    readonly target: number;
    readonly timeoutMs: number;
    readonly call: (worker: number, i: number) => Promise<T | undefined>;
  },
): Promise<{ readonly answered: readonly T[]; readonly sent: number; readonly code: number | null }> {
  const answered: T[] = [];
  let stop = false;
  let sent = 0;
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; !stop; i++) {
      sent += 1;
      try {
        const kept = await options.call(w, i);
        if (kept !== undefined) answered.push(kept);
      } catch {
        return; // the connection died with the server: this call was never answered
      }
    }
  };
  const workers = Array.from({ length: options.workers }, (_, w) => worker(w));
  const deadline = Date.now() + options.timeoutMs;
  while (answered.length < options.target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  server.process.kill('SIGKILL');
  const code = await server.exited;
  stop = true;
  await Promise.all(workers);
  return { answered, sent, code };
}
