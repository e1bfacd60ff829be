import { AppError, type ErrorDetail } from '../lib/index.js';
import { defaultWorkerCount } from './moderation-pool.js';
import { DEFAULT_MODEL_FILE, DEFAULT_SLA, PRIORITIES, parseDatabaseUrl, type SlaPolicy } from '../store/index.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything the service reads from the environment, read once by `loadConfig`. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** The address people and links use; the console URL and setup link are printed with it. */
  readonly publicUrl: string;
  readonly databaseUrl: string;
  readonly databaseSchema: string | undefined;
  readonly databasePoolSize: number;
  /** Directory of the default lexicon's `*.txt` files; undefined means the lexicon shipped with the package. */
  readonly lexiconDir: string | undefined;
  /** The model stage's weights (MODEL_FILE, default the shipped model); undefined: the stage is off (`none`). */
  readonly modelFile: string | undefined;
  readonly logLevel: LogLevel;
  readonly bodyLimitBytes: number;
  readonly maxTextLength: number;
  /**
   * The most terms (added, disabled and allow rows together) one tenant's lexicon may hold (MAX_TENANT_TERMS): every
   * process compiles each tenant's lexicon, so one tenant's hundred thousand terms would cost every process seconds and
   * hundreds of MB.
   */
  readonly maxTenantTerms: number;
  /**
   * Worker threads that judge large batches off the event loop (MODERATION_WORKERS; default one fewer than the cores,
   * 1–4; 0 judges everything on the event loop). Started on the first large batch.
   */
  readonly moderationWorkers: number;
  readonly rateLimitPerSecond: number;
  readonly retentionDays: number;
  readonly purgeIntervalSeconds: number;
  readonly lexiconPollSeconds: number;
  readonly apiKeyCacheSeconds: number;
  readonly shutdownTimeoutSeconds: number;
  readonly setupTokenHours: number;
  /** Time to respond to a case, by priority (SLA_<PRIORITY>_MINUTES). */
  readonly reportSla: SlaPolicy;
  /** Reports one client address may file through the public form in an hour. */
  readonly publicReportsPerHour: number;
  /** Guardian sign-ups, sign-ins and code requests an hour from one client address, API and portal together. */
  readonly guardianAuthPerHour: number;
  /** Console sign-ins an hour from one client address (each costs a password hash). */
  readonly consoleSignInPerHour: number;
  /**
   * Reverse proxies in front of the service whose X-Forwarded-For entries are trusted (0: none, the TCP peer is the
   * client). The client is the entry this many places from the right.
   */
  readonly trustProxyHops: number;
  /** The tenant public-form reports are filed under; undefined: the only tenant, when there is exactly one. */
  readonly publicReportTenant: string | undefined;
  /**
   * The AES-256 key that seals minors' birth dates and reporters' contacts at rest (PII_ENCRYPTION_KEY: 32 bytes as 64 hex
   * digits or base64); undefined: a key file of this machine (`piiKeyFile`), made on first start.
   */
  readonly piiEncryptionKey: Buffer | undefined;
  /** The key before the last rotation (PII_ENCRYPTION_KEY_PREVIOUS): still read; values it sealed are re-sealed at start. */
  readonly piiEncryptionKeyPrevious: Buffer | undefined;
  /** Where the local key lives without PII_ENCRYPTION_KEY (PII_KEY_FILE; default beside the SQLite file, or ./qinglang.pii-key). */
  readonly piiKeyFile: string | undefined;
  /** How often queued webhook deliveries are looked for (retries, and events queued by other processes). */
  readonly webhookPollSeconds: number;
  /** How long a webhook receiver may take to answer. */
  readonly webhookTimeoutSeconds: number;
  /** Whether webhooks may deliver to loopback addresses (127.0.0.0/8, ::1): off unless WEBHOOK_ALLOW_LOOPBACK=true. */
  readonly webhookAllowLoopback: boolean;
  /** Where guardian sign-in codes are POSTed (the deployment's SMS or e-mail sender); unset: they go to the log. */
  readonly guardianNotifyUrl: string | undefined;
  /** The secret that signs those POSTs. */
  readonly guardianNotifySecret: string | undefined;
  /**
   * The mail server guardians' alert e-mails go through (`smtp://` upgrades with STARTTLS when offered, `smtps://` is TLS
   * from the start; user and password in the URL); unset: guardians are not offered e-mail.
   */
  readonly smtpUrl: string | undefined;
  /** The sender of those e-mails, `name@example.com` or `清朗 <name@example.com>`. */
  readonly smtpFrom: string | undefined;
  /**
   * NATS with JetStream (NATS_URL, `nats://host:4222`): background jobs (webhook and notification wake-ups, re-rating,
   * retention, sweeps) shared by every process and `qinglang worker`. Unset: an in-process queue, right for one process.
   */
  readonly natsUrl: string | undefined;
  /** The prefix of the job stream's names and subjects (NATS_PREFIX, default `qinglang`), so deployments can share a NATS. */
  readonly natsPrefix: string;
  /**
   * Redis (REDIS_URL, `redis://` or `rediss://`): rate limits and sign-in throttles shared by every process of the
   * deployment, and the channel that tells them about changes when the database is SQLite. Unset: limits are counted in
   * this process (or the `serve --workers` primary), which is right for one process.
   */
  readonly redisUrl: string | undefined;
}

const SMTP_FROM = /^(?:[^<>\r\n]{1,100} <[^\s@<>]{1,64}@[^\s@<>]{1,255}>|[^\s@<>]{1,64}@[^\s@<>]{1,255})$/;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and checks the configuration from the environment; a bad value throws `config_invalid` naming every bad variable.
 * Every variable read here is documented in `docs/config.md` (the README's configuration table).
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Env): Config {
  const details: ErrorDetail[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const text = get(name) ?? String(fallback);
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      details.push({ path: name, message: `${name} must be a whole number from ${min} to ${max}, not "${text}"` });
      return fallback;
    }
    return value;
  };

  const port = int('PORT', 3000, 0, 65535);
  const host = get('HOST') ?? '127.0.0.1';
  const publicUrlText = get('PUBLIC_URL');
  let publicUrl = `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${port}`;
  if (publicUrlText !== undefined) {
    try {
      const url = new URL(publicUrlText);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
      publicUrl = publicUrlText.replace(/\/+$/, '');
    } catch {
      details.push({ path: 'PUBLIC_URL', message: `PUBLIC_URL must be an http(s) URL, not "${publicUrlText}"` });
    }
  }
  const databaseUrl = get('DATABASE_URL') ?? 'sqlite:./qinglang.db';
  try {
    parseDatabaseUrl(databaseUrl);
  } catch (error) {
    details.push({ path: 'DATABASE_URL', message: error instanceof Error ? error.message : String(error) });
  }
  const databaseSchema = get('DATABASE_SCHEMA');
  const aesKey = (name: string): Buffer | undefined => {
    const value = get(name);
    if (value === undefined) return undefined;
    const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
    if (key.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(value) && key.toString('base64') !== value)) {
      details.push({
        path: name,
        message: `${name} must be 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)`,
      });
      return undefined;
    }
    return key;
  };
  const piiEncryptionKey = aesKey('PII_ENCRYPTION_KEY');
  const piiEncryptionKeyPrevious = aesKey('PII_ENCRYPTION_KEY_PREVIOUS');
  if (piiEncryptionKeyPrevious !== undefined && piiEncryptionKey === undefined) {
    details.push({
      path: 'PII_ENCRYPTION_KEY_PREVIOUS',
      message: 'PII_ENCRYPTION_KEY_PREVIOUS needs PII_ENCRYPTION_KEY',
    });
  }
  if (databaseSchema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(databaseSchema)) {
    details.push({ path: 'DATABASE_SCHEMA', message: 'DATABASE_SCHEMA must be a lower-case SQL identifier' });
  }
  const logLevelText = get('LOG_LEVEL') ?? 'info';
  const logLevel = (LOG_LEVELS as readonly string[]).includes(logLevelText) ? (logLevelText as LogLevel) : 'info';
  if (logLevel !== logLevelText) {
    details.push({
      path: 'LOG_LEVEL',
      message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${logLevelText}"`,
    });
  }

  // Read at start-up, not here: a missing or damaged file stops startServer with the file's name and this variable's.
  const modelFileText = get('MODEL_FILE') ?? DEFAULT_MODEL_FILE;

  const guardianNotifyUrl = get('GUARDIAN_NOTIFY_URL');
  const guardianNotifySecret = get('GUARDIAN_NOTIFY_SECRET');
  if (guardianNotifyUrl !== undefined) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(guardianNotifyUrl).protocol);
    } catch {
      ok = false;
    }
    if (!ok) details.push({ path: 'GUARDIAN_NOTIFY_URL', message: `GUARDIAN_NOTIFY_URL must be an http(s) URL` });
    if (guardianNotifySecret === undefined || guardianNotifySecret.length < 16) {
      details.push({
        path: 'GUARDIAN_NOTIFY_SECRET',
        message: 'GUARDIAN_NOTIFY_SECRET (at least 16 characters) must be set with GUARDIAN_NOTIFY_URL',
      });
    }
  }

  const smtpUrl = get('SMTP_URL');
  const smtpFrom = get('SMTP_FROM');
  if (smtpUrl !== undefined) {
    let ok = false;
    try {
      const url = new URL(smtpUrl);
      ok = (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) details.push({ path: 'SMTP_URL', message: 'SMTP_URL must be an smtp:// or smtps:// URL with a host' });
    if (smtpFrom === undefined || !SMTP_FROM.test(smtpFrom)) {
      details.push({
        path: 'SMTP_FROM',
        message: 'SMTP_FROM (name@example.com or Name <name@example.com>) must be set with SMTP_URL',
      });
    }
  }

  const redisUrl = get('REDIS_URL');
  if (redisUrl !== undefined) {
    let ok = false;
    try {
      const url = new URL(redisUrl);
      ok = (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) details.push({ path: 'REDIS_URL', message: 'REDIS_URL must be a redis:// or rediss:// URL with a host' });
  }

  const natsUrl = get('NATS_URL');
  if (natsUrl !== undefined && !/^(?:nats|tls|wss?):\/\/[^\s/]+(?::\d+)?\/?$/.test(natsUrl)) {
    details.push({
      path: 'NATS_URL',
      message: 'NATS_URL must be a nats:// (or tls://) URL with a host, e.g. nats://127.0.0.1:4222',
    });
  }
  const natsPrefix = get('NATS_PREFIX') ?? 'qinglang';
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(natsPrefix)) {
    details.push({ path: 'NATS_PREFIX', message: 'NATS_PREFIX must be 1–40 letters, digits, _ or -' });
  }

  const loopbackText = get('WEBHOOK_ALLOW_LOOPBACK') ?? 'false';
  if (loopbackText !== 'true' && loopbackText !== 'false') {
    details.push({ path: 'WEBHOOK_ALLOW_LOOPBACK', message: 'WEBHOOK_ALLOW_LOOPBACK must be true or false' });
  }

  const config: Config = {
    port,
    host,
    publicUrl,
    databaseUrl,
    databaseSchema,
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 1, 1000),
    lexiconDir: get('LEXICON_DIR'),
    modelFile: modelFileText === 'none' ? undefined : modelFileText,
    logLevel,
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxTextLength: int('MAX_TEXT_LENGTH', 20_000, 1, 1_000_000),
    maxTenantTerms: int('MAX_TENANT_TERMS', 20_000, 1, 1_000_000),
    moderationWorkers: int('MODERATION_WORKERS', defaultWorkerCount(), 0, 64),
    rateLimitPerSecond: int('RATE_LIMIT_PER_SECOND', 100, 1, 1_000_000),
    retentionDays: int('RETENTION_DAYS', 30, 1, 36_500),
    purgeIntervalSeconds: int('PURGE_INTERVAL_SECONDS', 3600, 1, 86_400 * 7),
    lexiconPollSeconds: int('LEXICON_POLL_SECONDS', 5, 1, 3600),
    apiKeyCacheSeconds: int('API_KEY_CACHE_SECONDS', 5, 0, 3600),
    shutdownTimeoutSeconds: int('SHUTDOWN_TIMEOUT_SECONDS', 10, 1, 600),
    setupTokenHours: int('SETUP_TOKEN_HOURS', 24, 1, 24 * 30),
    webhookPollSeconds: int('WEBHOOK_POLL_SECONDS', 5, 1, 3600),
    webhookTimeoutSeconds: int('WEBHOOK_TIMEOUT_SECONDS', 10, 1, 120),
    webhookAllowLoopback: loopbackText === 'true',
    guardianNotifyUrl,
    guardianNotifySecret,
    smtpUrl,
    smtpFrom,
    natsUrl,
    natsPrefix,
    redisUrl,
    reportSla: Object.fromEntries(
      PRIORITIES.map((p) => [
        p,
        int(`SLA_${p.toUpperCase()}_MINUTES`, DEFAULT_SLA[p] / 60_000, 1, 365 * 24 * 60) * 60_000,
      ]),
    ) as Record<(typeof PRIORITIES)[number], number>,
    publicReportsPerHour: int('PUBLIC_REPORTS_PER_HOUR', 20, 1, 1_000_000),
    guardianAuthPerHour: int('GUARDIAN_AUTH_PER_HOUR', 600, 1, 1_000_000),
    consoleSignInPerHour: int('CONSOLE_SIGN_IN_PER_HOUR', 60, 1, 1_000_000),
    trustProxyHops: int('TRUST_PROXY_HOPS', 0, 0, 10),
    publicReportTenant: get('PUBLIC_REPORT_TENANT'),
    piiEncryptionKey,
    piiEncryptionKeyPrevious,
    piiKeyFile: get('PII_KEY_FILE'),
  };
  if (details.length > 0) {
    throw new AppError('config_invalid', details.map((d) => d.message).join('; '), details);
  }
  return config;
}
