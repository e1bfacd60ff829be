import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppError } from '../lib/index.js';
import { parseDatabaseUrl } from '../store/index.js';
import type { Config } from './config.js';

/**
 * The name of this deployment in Redis: a digest of where its data lives (the PostgreSQL server, database and schema
 * without credentials, or the SQLite file's absolute path). Every process on the same database shares limits and
 * notices; another deployment, or a test run on a schema of its own, shares one Redis without meeting them.
 */
export function deploymentPrefix(config: Pick<Config, 'databaseUrl' | 'databaseSchema'>): string {
  const location = parseDatabaseUrl(config.databaseUrl);
  let where: string;
  if (location.dialect === 'sqlite') {
    where = `sqlite:${location.file === ':memory:' ? `:memory:${process.pid}` : resolve(location.file)}`;
  } else {
    const url = new URL(location.url);
    where = `postgres://${url.hostname}:${url.port || '5432'}${url.pathname}#${config.databaseSchema ?? 'public'}`;
  }
  return `qinglang:${createHash('sha256').update(where).digest('hex').slice(0, 16)}`;
}

/** REDIS_URL without its password, for logs and errors. */
export function redisDescription(url: string): string {
  const safe = new URL(url);
  safe.password = '';
  safe.username = '';
  return `${safe.protocol}//${safe.host}${safe.pathname}`;
}

/**
 * Connects to REDIS_URL. Commands fail at once while the connection is down (no offline queue) and the client
 * reconnects by itself, so a Redis outage makes the limits per-process for a while instead of holding requests. A Redis
 * that cannot be reached at start stops start-up as `unavailable`, naming the variable.
 */
export async function openRedis(url: string, log: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let warned = false;
  redis.on('error', (error: Error) => {
    // Once per outage: the client retries every two seconds.
    if (!warned) log.warn({ err: error }, 'Redis cannot be reached; limits are counted per process until it is back');
    warned = true;
  });
  redis.on('ready', () => {
    if (warned) log.info('Redis is back; limits are shared again');
    warned = false;
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('unavailable', `REDIS_URL ${redisDescription(url)}: cannot connect (${reason})`, [
      { path: 'REDIS_URL', source: redisDescription(url), message: reason },
    ]);
  }
  return redis;
}
