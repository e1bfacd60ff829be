import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/qinglang.js', import.meta.url));

export interface Child {
  readonly process: ChildProcess;
  readonly url: string;
  readonly exited: Promise<number | null>;
}

/** Starts `qinglang serve` as its own process and resolves once it prints where it listens. */
export async function spawnServer(env: Readonly<Record<string, string>>): Promise<Child> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_SECOND: '1000000' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${seen}`)), 30_000);
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
