import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { AppError } from '../lib/index.js';
import { createLogger, loadConfig, openWorkerRuntime, startWorkerJobs } from '../server/index.js';
import type { Io } from './io.js';

export const WORKER_HELP = `qinglang worker [--concurrency N]
  Takes background jobs from NATS JetStream (NATS_URL): sweep chunks, moderated in MODERATION_WORKERS worker threads
  (at least one), N chunks at a time (default twice the threads), webhook deliveries and the retention purge. Run as many
  as the backlog needs, on any machine that reaches the database and NATS; a worker that dies has its chunks taken by
  another, and no item is logged twice. Stops gracefully on SIGTERM or SIGINT (chunks in hand are finished).`;

/** `qinglang worker`: resolves with the exit code once the worker has stopped. */
export async function runWorker(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { concurrency: { type: 'string' } } });
  const config = loadConfig(process.env);
  if (config.natsUrl === undefined)
    throw new AppError(
      'usage',
      'qinglang worker takes its jobs from NATS: set NATS_URL (without it, serve and sweep do the work in their own process)',
    );
  const threads = Math.max(1, config.moderationWorkers);
  const concurrencyText = values.concurrency ?? String(threads * 2);
  const concurrency = /^\d+$/.test(concurrencyText) ? Number(concurrencyText) : Number.NaN;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 256)
    throw new AppError('usage', `--concurrency must be a whole number from 1 to 256, not "${concurrencyText}"`);
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const log = createLogger(config.logLevel, destination);
  const runtime = await openWorkerRuntime(config, { log, name: `qinglang-worker-${process.pid}`, threads });
  const work = startWorkerJobs(runtime, { concurrency });
  io.stderr.write(
    `qinglang (清朗) worker ${process.pid} is taking jobs from ${config.natsUrl} (prefix ${config.natsPrefix}): ` +
      `${threads} engine threads, ${concurrency} chunks at a time\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      log.info({ signal }, 'worker shutting down');
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  await work.stop();
  await runtime.close();
  destination.flushSync();
  return 0;
}
