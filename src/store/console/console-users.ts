import { randomBytes, randomUUID, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../lib/index.js';
import { hashSecret, randomSecret } from '../random-token.js';
import { consumeSetupToken } from './setup-tokens.js';
import { claimSignInAttempt } from '../sign-in-lock.js';
import type { Database } from '../schema.js';

/** Console roles: admin manages keys and users; moderator uses the playground and lexicon; compliance reads the log. */
export const CONSOLE_ROLES = ['admin', 'moderator', 'compliance'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** True when the string is a console role. */
export function isConsoleRole(value: string): value is ConsoleRole {
  return (CONSOLE_ROLES as readonly string[]).includes(value);
}

/** Lockout: this many failed sign-ins in a row lock the account for `lockMs`; success or the lock's end resets the count. */
export const LOCKOUT = { maxFailures: 5, lockMs: 15 * 60_000 } as const;

/** Sessions end after `idleMs` without a request, and in any case `absoluteMs` after sign-in. */
export const SESSION_LIFETIME = { idleMs: 2 * 60 * 60_000, absoluteMs: 12 * 60 * 60_000 } as const;

export const PASSWORD_MIN_LENGTH = 12;
const PASSWORD_MAX_LENGTH = 1024;
const USERNAME_PATTERN = /^[\p{L}\p{N}_.-]{2,32}$/u;

// A type alias, not an interface: withTables needs the implicit index signature.
type ConsoleTables = {
  consoleUsers: {
    id: string;
    username: string;
    role: string;
    passwordHash: string;
    failedCount: number;
    lockedUntil: number | null;
    disabledAt: number | null;
    lastSignInAt: number | null;
    createdAt: number;
  };
  consoleSessions: {
    tokenHash: string;
    userId: string;
    csrfToken: string;
    createdAt: number;
    lastSeenAt: number;
    expiresAt: number;
  };
};

type Db = Kysely<Database>;

function tables(db: Db): Kysely<Database & ConsoleTables> {
  return db.withTables<ConsoleTables>();
}

/** A console user as the console sees it: never the password hash. */
export interface ConsoleUser {
  readonly id: string;
  readonly username: string;
  readonly role: ConsoleRole;
  readonly lockedUntil: number | null;
  readonly disabledAt: number | null;
  readonly lastSignInAt: number | null;
  readonly createdAt: number;
}

/** A signed-in session: the token goes into the cookie, the CSRF token into every form. */
export interface ConsoleSession {
  readonly token: string;
  readonly csrfToken: string;
  readonly user: ConsoleUser;
  readonly expiresAt: number;
}

/** The outcome of a sign-in attempt. */
export type SignInResult =
  | { readonly ok: true; readonly session: ConsoleSession }
  | { readonly ok: false; readonly reason: 'invalid' }
  | { readonly ok: false; readonly reason: 'locked'; readonly lockedUntil: number };

// PostgreSQL returns bigint columns as strings unless a parser is installed; accept both.
function ms(value: number | string | bigint | null): number | null {
  return value === null ? null : Number(value);
}

function toUser(row: Omit<ConsoleTables['consoleUsers'], 'passwordHash' | 'failedCount'>): ConsoleUser {
  if (!isConsoleRole(row.role)) throw new Error(`console user ${row.id} has an unknown role ${row.role}`);
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    lockedUntil: ms(row.lockedUntil),
    disabledAt: ms(row.disabledAt),
    lastSignInAt: ms(row.lastSignInAt),
    createdAt: Number(row.createdAt),
  };
}

const USER_COLUMNS = ['id', 'username', 'role', 'lockedUntil', 'disabledAt', 'lastSignInAt', 'createdAt'] as const;

// OWASP's scrypt minimum is N = 2^17, r = 8, p = 1 or an equal-cost N = 2^15, r = 8, p = 3; the latter needs 32 MiB instead
// of 128 MiB per concurrent sign-in, which matters on a small machine. It runs off the event loop (libuv pool).
const SCRYPT = { N: 2 ** 15, r: 8, p: 3, keyLength: 32, saltLength: 16 } as const;

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hashes a password with scrypt and a random salt; the result carries its parameters: `scrypt$N$r$p$salt$hash`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltLength);
  const { N, r, p } = SCRYPT;
  const key = await scryptAsync(password, salt, SCRYPT.keyLength, { N, r, p, maxmem: 256 * N * r });
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when the password matches a hash made by `hashPassword`; compares in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  if (![N, R, P].every((v) => Number.isSafeInteger(v) && v > 0)) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, {
    N,
    r: R,
    p: P,
    maxmem: 256 * N * R,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// Verified against when the username is unknown, so a wrong username costs as much time as a wrong password.
let dummyHash: Promise<string> | undefined;

const sha256 = hashSecret;
const newToken = (): string => randomSecret(32);

/** Checks a new username and password; every problem at once. */
export function checkCredentials(username: string, password: string): void {
  const details = [
    ...(USERNAME_PATTERN.test(username) ? [] : [{ path: 'username', message: 'username_invalid' }]),
    ...passwordProblems(password),
  ];
  if (details.length > 0) throw new AppError('validation_failed', 'The username or password is not valid.', details);
}

/** What is wrong with a new password: too short or too long. */
function passwordProblems(password: string): { path: string; message: string }[] {
  const details = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) details.push({ path: 'password', message: 'password_short' });
  if (password.length > PASSWORD_MAX_LENGTH) details.push({ path: 'password', message: 'password_long' });
  return details;
}

function normalizeUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

/** Adds a console user; a taken username is a `conflict`, a bad username or short password `validation_failed`. */
export async function createConsoleUser(
  db: Db,
  input: { readonly username: string; readonly password: string; readonly role: ConsoleRole },
  now: number,
): Promise<ConsoleUser> {
  const username = normalizeUsername(input.username);
  checkCredentials(username, input.password);
  const passwordHash = await hashPassword(input.password);
  const row = {
    id: randomUUID(),
    username,
    role: input.role,
    passwordHash,
    failedCount: 0,
    lockedUntil: null,
    disabledAt: null,
    lastSignInAt: null,
    createdAt: now,
  };
  const t = tables(db);
  const taken = await t.selectFrom('consoleUsers').select('id').where('username', '=', username).executeTakeFirst();
  if (taken)
    throw new AppError('conflict', 'That username is taken.', [{ path: 'username', message: 'username_taken' }]);
  try {
    await t.insertInto('consoleUsers').values(row).execute();
  } catch (error) {
    // Two creations racing for one name: the unique index decides.
    const again = await t.selectFrom('consoleUsers').select('id').where('username', '=', username).executeTakeFirst();
    if (again)
      throw new AppError('conflict', 'That username is taken.', [{ path: 'username', message: 'username_taken' }]);
    throw error;
  }
  return toUser(row);
}

/** Every console user, oldest first. */
export async function listConsoleUsers(db: Db): Promise<readonly ConsoleUser[]> {
  const rows = await tables(db)
    .selectFrom('consoleUsers')
    .select(USER_COLUMNS)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  return rows.map(toUser);
}

/** Disables or re-enables a user; disabling ends the user's sessions. Unknown id: `not_found`. */
export async function setConsoleUserDisabled(db: Db, id: string, disabled: boolean, now: number): Promise<void> {
  await tables(db)
    .transaction()
    .execute(async (trx) => {
      const result = await trx
        .updateTable('consoleUsers')
        .set(disabled ? { disabledAt: now } : { disabledAt: null, failedCount: 0, lockedUntil: null })
        .where('id', '=', id)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new AppError('not_found', 'No console user has that id.');
      if (disabled) await trx.deleteFrom('consoleSessions').where('userId', '=', id).execute();
    });
}

/**
 * Gives a console user a new password, by id or by username: the lock and the failure count are cleared and every session
 * of the user ends, so a password someone else knew stops working everywhere. A short password is `validation_failed`,
 * an unknown user `not_found`.
 */
export async function setConsoleUserPassword(
  db: Db,
  who: { readonly id: string } | { readonly username: string },
  password: string,
): Promise<ConsoleUser> {
  const details = passwordProblems(password);
  if (details.length > 0) throw new AppError('validation_failed', 'The password is not valid.', details);
  const passwordHash = await hashPassword(password);
  return tables(db)
    .transaction()
    .execute(async (trx) => {
      const users = trx.selectFrom('consoleUsers').select(USER_COLUMNS);
      const row = await (
        'id' in who ? users.where('id', '=', who.id) : users.where('username', '=', normalizeUsername(who.username))
      ).executeTakeFirst();
      if (row === undefined) throw new AppError('not_found', 'No console user has that id or username.');
      await trx
        .updateTable('consoleUsers')
        .set({ passwordHash, failedCount: 0, lockedUntil: null })
        .where('id', '=', row.id)
        .execute();
      await trx.deleteFrom('consoleSessions').where('userId', '=', row.id).execute();
      return toUser({ ...row, lockedUntil: null });
    });
}

/** True when at least one enabled administrator exists. */
export async function hasConsoleAdmin(db: Db): Promise<boolean> {
  const row = await tables(db)
    .selectFrom('consoleUsers')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabledAt', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

async function openSession(db: Db, user: ConsoleUser, now: number): Promise<ConsoleSession> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = Math.min(now + SESSION_LIFETIME.idleMs, now + SESSION_LIFETIME.absoluteMs);
  await tables(db)
    .insertInto('consoleSessions')
    .values({ tokenHash: sha256(token), userId: user.id, csrfToken, createdAt: now, lastSeenAt: now, expiresAt })
    .execute();
  return { token, csrfToken, user, expiresAt };
}

/**
 * Checks a username and password and opens a session. After `LOCKOUT.maxFailures` failures in a row the account is locked
 * for `LOCKOUT.lockMs`, during which even the right password is refused; attempts in parallel count as in a row.
 */
export async function signIn(db: Db, username: string, password: string, now: number): Promise<SignInResult> {
  const t = tables(db);
  const row = await t
    .selectFrom('consoleUsers')
    .selectAll()
    .where('username', '=', normalizeUsername(username))
    .executeTakeFirst();
  if (row === undefined || row.disabledAt !== null) {
    dummyHash ??= hashPassword(newToken());
    await verifyPassword(password, await dummyHash);
    return { ok: false, reason: 'invalid' };
  }
  // Counted before the slow hash, so parallel guesses cannot all pass a lock read before any of them failed.
  const attempt = await claimSignInAttempt(db, 'console_users', row.id, now, LOCKOUT);
  if (attempt.locked) return { ok: false, reason: 'locked', lockedUntil: attempt.lockedUntil };
  if (!(await verifyPassword(password, row.passwordHash))) {
    return attempt.lastChance && attempt.lockedUntil !== null
      ? { ok: false, reason: 'locked', lockedUntil: attempt.lockedUntil }
      : { ok: false, reason: 'invalid' };
  }
  // Checked again after hashing: a password changed or an account disabled meanwhile opens no session.
  const cleared = await t
    .updateTable('consoleUsers')
    .set({ failedCount: 0, lockedUntil: null, lastSignInAt: now })
    .where('id', '=', row.id)
    .where('passwordHash', '=', row.passwordHash)
    .where('disabledAt', 'is', null)
    .executeTakeFirst();
  if (cleared.numUpdatedRows === 0n) return { ok: false, reason: 'invalid' };
  // Sign-ins are rare, so they are a fine moment to clear sessions that ran out, without a timer of our own.
  await purgeExpiredSessions(db, now);
  return { ok: true, session: await openSession(db, toUser({ ...row, lockedUntil: null, lastSignInAt: now }), now) };
}

/** The live session for a cookie token, sliding its idle expiry; null when unknown, expired or its user is disabled. */
export async function findSession(db: Db, token: string, now: number): Promise<ConsoleSession | null> {
  const t = tables(db);
  const tokenHash = sha256(token);
  const row = await t
    .selectFrom('consoleSessions as s')
    .innerJoin('consoleUsers as u', 'u.id', 's.userId')
    .select(['s.csrfToken', 's.createdAt as sessionCreatedAt', 's.lastSeenAt', 's.expiresAt'])
    .select(['u.id', 'u.username', 'u.role', 'u.lockedUntil', 'u.disabledAt', 'u.lastSignInAt', 'u.createdAt'])
    .where('s.tokenHash', '=', tokenHash)
    .executeTakeFirst();
  if (row === undefined) return null;
  if (Number(row.expiresAt) <= now || row.disabledAt !== null) {
    await t.deleteFrom('consoleSessions').where('tokenHash', '=', tokenHash).execute();
    return null;
  }
  let expiresAt = Number(row.expiresAt);
  // Slide at most once a minute, so reading pages does not write on every request.
  if (now - Number(row.lastSeenAt) >= 60_000) {
    expiresAt = Math.min(now + SESSION_LIFETIME.idleMs, Number(row.sessionCreatedAt) + SESSION_LIFETIME.absoluteMs);
    await t
      .updateTable('consoleSessions')
      .set({ lastSeenAt: now, expiresAt })
      .where('tokenHash', '=', tokenHash)
      .execute();
  }
  return { token, csrfToken: row.csrfToken, user: toUser(row), expiresAt };
}

/** Ends a session; unknown tokens are ignored. */
export async function signOut(db: Db, token: string): Promise<void> {
  await tables(db).deleteFrom('consoleSessions').where('tokenHash', '=', sha256(token)).execute();
}

/** Deletes sessions past their expiry; returns how many. */
export async function purgeExpiredSessions(db: Db, now: number): Promise<number> {
  const result = await tables(db).deleteFrom('consoleSessions').where('expiresAt', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Spends a one-time setup token (made by `createSetupToken(db, 'admin_setup', …)`) on the first administrator. An unknown, used or expired token, or an administrator already present,
 * is `forbidden`; the token is marked used in the same transaction that creates the user, so it works exactly once.
 */
export async function redeemSetupToken(
  db: Db,
  token: string,
  input: { readonly username: string; readonly password: string },
  now: number,
): Promise<ConsoleUser> {
  checkCredentials(normalizeUsername(input.username), input.password);
  return db.transaction().execute(async (trx) => {
    const spent = await consumeSetupToken(trx, token, 'admin_setup', now);
    if (!spent || (await hasConsoleAdmin(trx))) {
      throw new AppError('forbidden', 'The setup link is invalid, used or expired.');
    }
    return createConsoleUser(trx, { ...input, role: 'admin' }, now);
  });
}
