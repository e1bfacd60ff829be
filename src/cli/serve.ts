import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createLogger, loadConfig, startServer } from '../server/index.js';
import type { Io } from './io.js';

export const SERVE_HELP = `qinglang serve
  Runs the HTTP API and the console (configuration from the environment: see docs/config.md). Migrates the database first;
  stops gracefully on SIGTERM or SIGINT.`;

/** `qinglang serve`: resolves with the exit code once the server has stopped. */
export async function runServe(argv: readonly string[], io: Io): Promise<number> {
  parseArgs({ args: [...argv], options: {} });
  const config = loadConfig(process.env);
  // Asynchronous, buffered logging keeps the request path fast; the decision log, not this one, is the durable record.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const log = createLogger(config.logLevel, destination);
  const server = await startServer(config, { log });
  const lines = [
    `qinglang (清朗) is serving on ${server.url}`,
    `  console:  ${server.url}/console`,
    `  API docs: ${server.url}/v1/docs`,
    `  database: ${server.deps.store.description}`,
  ];
  if (server.setupUrl !== undefined) {
    lines.push(
      '',
      `  No administrator yet. Open this one-time link within ${config.setupTokenHours} h to create one:`,
      `  ${server.setupUrl}`,
    );
  }
  io.stderr.write(`${lines.join('\n')}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      log.info({ signal }, 'shutting down');
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  await server.close();
  destination.flushSync();
  return 0;
}
