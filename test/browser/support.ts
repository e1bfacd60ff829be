import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's Chromium: the browser tests never download one. */
export const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the browser tests are skipped (Chromium missing), or false; in CI a missing Chromium is a failure. */
export const missing = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install chromium)`;
if (missing !== false)
  assert.notEqual(process.env['CI'], 'true', `${missing}: the browser test may not be skipped in CI`);

export interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly setupUrl: string;
}

/**
 * Runs `qinglang serve` as a user would, on a free port and a fresh SQLite file in `dir`, and reads the links it prints.
 * `setup` lists CLI commands run first against the same database (`['tenants', 'create', 'demo']`).
 */
export async function serve(dir: string, setup: readonly (readonly string[])[] = []): Promise<Served> {
  const env = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${join(dir, 'qinglang.db')}`,
    LOG_LEVEL: 'warn',
  };
  for (const args of setup) {
    const done = spawnSync(process.execPath, [join(ROOT, 'bin/qinglang.js'), ...args], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
    assert.equal(done.status, 0, done.stderr);
  }
  const child = spawn(process.execPath, [join(ROOT, 'bin/qinglang.js'), 'serve'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let printed = '';
  const links = await new Promise<{ url: string; setupUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server printed no setup link in time:\n${printed}`)), 60_000);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      printed += chunk;
      const url = /serving on (http:\/\/\S+)/.exec(printed)?.[1];
      const setupUrl = /(http:\/\/\S+\/console\/setup\?token=\S+)/.exec(printed)?.[1];
      if (url !== undefined && setupUrl !== undefined) {
        clearTimeout(timer);
        resolve({ url, setupUrl });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${printed}`));
    });
  });
  return { child, ...links };
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
