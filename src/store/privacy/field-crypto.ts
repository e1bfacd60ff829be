import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** One AES-256 key and the short id stored beside what it sealed. */
export interface FieldKey {
  /** The first 8 hex digits of the key's SHA-256: which key sealed a value, without revealing it. */
  readonly id: string;
  readonly key: Buffer;
}

/** The key new values are sealed with, and the previous one, still accepted for reading while rows are re-sealed. */
export interface FieldKeyring {
  readonly current: FieldKey;
  readonly previous?: FieldKey | undefined;
}

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A key from its 32 raw bytes. */
export function fieldKeyOf(key: Buffer): FieldKey {
  if (key.length !== 32) throw new Error('an AES-256 key is 32 bytes');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

/** True when a stored value is sealed (rather than a plaintext value written before encryption). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** The id of the key that sealed a stored value, or undefined for plaintext. */
export function sealedKeyId(stored: string): string | undefined {
  return isSealed(stored) ? stored.slice(PREFIX.length, PREFIX.length + 8) : undefined;
}

/**
 * Seals a value with AES-256-GCM: `enc:v1:<key id>:<base64 of iv, tag, ciphertext>`, a fresh 96-bit IV each time. The
 * column name is bound in as additional data, so a sealed birth date cannot be pasted into a contact column and read back.
 */
export function sealWith(keyring: FieldKeyring, column: string, plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyring.current.key, iv);
  cipher.setAAD(Buffer.from(column, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${PREFIX}${keyring.current.id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** Opens a sealed value with whichever key of the ring sealed it; plaintext comes back as it is. Throws when tampered with. */
export function openWith(keyring: FieldKeyring | undefined, column: string, stored: string): string {
  const id = sealedKeyId(stored);
  if (id === undefined) return stored;
  const key = [keyring?.current, keyring?.previous].find((k) => k?.id === id);
  if (key === undefined) {
    throw new Error(
      `a ${column} value is sealed with key ${id}, which is neither PII_ENCRYPTION_KEY nor PII_ENCRYPTION_KEY_PREVIOUS`,
    );
  }
  const raw = Buffer.from(stored.slice(PREFIX.length + 9), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key.key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(column, 'utf8'));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

// @NOTE One keyring a process: the store's functions take a db handle, not the configuration, and the columns it protects
// are read in many of them. `startServer` (and the CLI) install it once, before the first query.
let installed: FieldKeyring | undefined;

/** Installs the process's keyring; values written from now on are sealed with its current key. */
export function installFieldKeyring(keyring: FieldKeyring | undefined): void {
  installed = keyring;
}

/** The installed keyring, if any. */
export function installedFieldKeyring(): FieldKeyring | undefined {
  return installed;
}

/**
 * Seals a sensitive column's value for storage with the installed keyring; null stays null. Without a keyring (a library
 * user who installed none) the value is stored as it is and sealed by `sealPlaintextColumns` once one is installed.
 */
export function sealField(column: string, plain: string | null): string | null {
  if (plain === null || installed === undefined) return plain;
  return sealWith(installed, column, plain);
}

/** Reads a stored sensitive column's value (sealed or, from before encryption, plain); null stays null. */
export function openField(column: string, stored: string | null): string | null {
  return stored === null ? null : openWith(installed, column, stored);
}
