import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { parseDatabaseUrl, fieldKeyOf, type FieldKeyring } from '../../store/index.js';
import type { Config } from '../config.js';

/** The keyring the service seals minors' sensitive fields with, and where its key came from (said at start-up). */
export interface LoadedKeyring {
  readonly keyring: FieldKeyring;
  /** `config`: PII_ENCRYPTION_KEY; `file`: a key file of this machine; `memory`: a throwaway key for an in-memory database. */
  readonly source: 'config' | 'file' | 'memory';
  readonly file?: string | undefined;
  /** True when the key file was made by this start. */
  readonly created?: boolean | undefined;
}

/** The key file used without PII_ENCRYPTION_KEY: PII_KEY_FILE, or beside the SQLite file, or ./qinglang.pii-key. */
export function defaultKeyFile(config: Pick<Config, 'databaseUrl' | 'piiKeyFile'>): string | undefined {
  if (config.piiKeyFile !== undefined) return config.piiKeyFile;
  const location = parseDatabaseUrl(config.databaseUrl);
  if (location.dialect === 'sqlite')
    return location.file === ':memory:' || location.file === '' ? undefined : `${location.file}.pii-key`;
  return './qinglang.pii-key';
}

function readKeyFile(file: string): Buffer {
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`${file} is not a key file (64 hex digits)`);
  // Made 0600; tightened again if someone loosened it.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return Buffer.from(text, 'hex');
}

/**
 * The keyring from the configuration: PII_ENCRYPTION_KEY (and the previous key for rotation) when set; otherwise a key of
 * this machine, kept in a file readable by the service's user alone (0600), made on first start; for an in-memory database
 * a throwaway key (the data goes with the process anyway).
 */
export function loadFieldKeyring(
  config: Pick<Config, 'databaseUrl' | 'piiKeyFile' | 'piiEncryptionKey' | 'piiEncryptionKeyPrevious'>,
  options: { readonly create: false },
): LoadedKeyring | undefined;
export function loadFieldKeyring(
  config: Pick<Config, 'databaseUrl' | 'piiKeyFile' | 'piiEncryptionKey' | 'piiEncryptionKeyPrevious'>,
  options?: { readonly create: true },
): LoadedKeyring;
export function loadFieldKeyring(
  config: Pick<Config, 'databaseUrl' | 'piiKeyFile' | 'piiEncryptionKey' | 'piiEncryptionKeyPrevious'>,
  options: { readonly create: boolean } = { create: true },
): LoadedKeyring | undefined {
  if (config.piiEncryptionKey !== undefined) {
    return {
      source: 'config',
      keyring: {
        current: fieldKeyOf(config.piiEncryptionKey),
        previous:
          config.piiEncryptionKeyPrevious === undefined ? undefined : fieldKeyOf(config.piiEncryptionKeyPrevious),
      },
    };
  }
  const file = defaultKeyFile(config);
  if (file === undefined) return { source: 'memory', keyring: { current: fieldKeyOf(randomBytes(32)) } };
  if (existsSync(file))
    return { source: 'file', file, created: false, keyring: { current: fieldKeyOf(readKeyFile(file)) } };
  if (!options.create) return undefined;
  const key = randomBytes(32);
  try {
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process of the same deployment made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { source: 'file', file, created: false, keyring: { current: fieldKeyOf(readKeyFile(file)) } };
  }
  return { source: 'file', file, created: true, keyring: { current: fieldKeyOf(key) } };
}
