import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import {
  createLogger,
  loadConfig,
  parseWorkerCount,
  reportListening,
  startClusterPrimary,
  startServer,
} from '../server/index.js';
import type { Io } from './io.js';

export const SERVE_HELP = `qinglang serve [--workers N]
  Runs the HTTP API and the console (configuration from the environment: see docs/config.md). Migrates the database first;
  stops gracefully on SIGTERM or SIGINT (stops accepting, finishes requests in flight, closes its connections, exits 0).
  --workers N   N processes on one port (node:cluster, 1–64); they share rate limits (Redis, or this primary) and hear
                each other's lexicon and key changes. Any number of serve processes on one PostgreSQL database do too.`;

/** Resolves once SIGTERM or SIGINT arrives. */
function signalled(log: { info(o: object, m: string): void }): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      log.info({ signal }, 'shutting down');
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

/** `qinglang serve`: resolves with the exit code once the server (every worker, with --workers) has stopped. */
export async function runServe(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { workers: { type: 'string' } } });
  const workers = parseWorkerCount(values.workers);
  const config = loadConfig(process.env);
  // Asynchronous, buffered logging keeps the request path fast; the decision log, not this one, is the durable record.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const log = createLogger(config.logLevel, destination);
  const worker = workers > 1 && cluster.isWorker;

  if (workers > 1 && cluster.isPrimary) {
    const primary = await startClusterPrimary(config, { workers, log });
    printBanner(io, primary.url, primary.setupUrl, config.setupTokenHours, [`  workers:  ${workers} processes`]);
    await signalled(log);
    const code = await primary.stop();
    log.info({ code }, 'stopped');
    destination.flushSync();
    return code;
  }

  const server = await startServer(config, { log, clusterWorker: worker });
  const stopped = [signalled(log)];
  if (worker) {
    reportListening(server.url);
    // The primary is gone (killed outright): drain and go too.
    stopped.push(new Promise<void>((resolve) => process.once('disconnect', resolve)));
  } else {
    printBanner(io, server.url, server.setupUrl, config.setupTokenHours, [
      `  database: ${server.deps.store.description}`,
    ]);
  }
  await Promise.race(stopped);
  await server.close();
  destination.flushSync();
  // The channel to the primary would keep a worker alive; letting go of it lets the process end with its code.
  if (worker) cluster.worker?.disconnect();
  return 0;
}

function printBanner(
  io: Io,
  url: string,
  setupUrl: string | undefined,
  setupTokenHours: number,
  extra: readonly string[],
): void {
  const lines = [
    `qinglang (清朗) is serving on ${url}`,
    `  console:  ${url}/console`,
    `  API docs: ${url}/v1/docs`,
    ...extra,
  ];
  if (setupUrl !== undefined) {
    lines.push(
      '',
      `  No administrator yet. Open this one-time link within ${setupTokenHours} h to create one:`,
      `  ${setupUrl}`,
    );
  }
  io.stderr.write(`${lines.join('\n')}\n`);
}
