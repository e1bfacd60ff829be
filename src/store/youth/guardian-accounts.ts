import { randomInt, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { AppError } from '../../lib/index.js';
import { hashPassword, verifyPassword } from '../console/console-users.js';
import { hashSecret, randomId, randomSecret } from '../random-token.js';
import type { GuardianRow } from '../schema.js';
import { claimSignInAttempt, clearSignInFailures, type SignInAttempt } from '../sign-in-lock.js';
import { isUniqueViolation, type Db } from './youth-core.js';

/** A guardian account: never the password hash. */
export interface Guardian {
  readonly id: string;
  /** A phone number or e-mail address, normalized: where one-time codes are sent. */
  readonly identifier: string;
  readonly displayName: string;
  readonly hasPassword: boolean;
  readonly createdAt: number;
}

/** A signed-in guardian: `token` for `Authorization: Bearer` or the portal's cookie, `csrfToken` for the portal's forms. */
export interface GuardianSession {
  readonly token: string;
  readonly csrfToken: string;
  readonly guardian: Guardian;
  readonly expiresAt: number;
}

/** Guardian sessions end after `idleMs` without use and in any case `absoluteMs` after sign-in (a phone stays signed in). */
export const GUARDIAN_SESSION_LIFETIME = { idleMs: 7 * 86_400_000, absoluteMs: 30 * 86_400_000 } as const;

/**
 * One-time sign-in codes: six digits, valid `ttlMs`, at most `maxAttempts` tries each (then the code is void), one new
 * code a `resendMs` and at most `maxPerDay` in a day. Wrong codes also count toward the account's lock, like wrong
 * passwords, so a million codes cannot be walked through: at most `maxPerDay × maxAttempts` guesses a day.
 */
export const GUARDIAN_CODE = { ttlMs: 10 * 60_000, maxAttempts: 3, resendMs: 60_000, maxPerDay: 10 } as const;

/** Failed sign-ins in a row before the account is locked for `lockMs`. */
export const GUARDIAN_LOCKOUT = { maxFailures: 5, lockMs: 15 * 60_000 } as const;

export const GUARDIAN_PASSWORD_MIN_LENGTH = 10;

const PHONE = /^\+?[0-9]{6,15}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/;
const TOKEN_PREFIX = 'qgs_';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isWellFormedText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/** Normalizes a phone number or e-mail address (spaces and dashes out of phones, e-mail lower-cased); undefined if neither. */
export function normalizeGuardianIdentifier(value: string): string | undefined {
  if (!isWellFormedText(value)) return undefined;
  const trimmed = value.normalize('NFKC').trim();
  const phone = trimmed.replace(/[\s-]/g, '');
  if (PHONE.test(phone)) return phone;
  if (EMAIL.test(trimmed)) return trimmed.toLowerCase();
  return undefined;
}

function toGuardian(row: GuardianRow): Guardian {
  return {
    id: row.id,
    identifier: row.identifier,
    displayName: row.displayName,
    hasPassword: row.passwordHash !== null,
    createdAt: Number(row.createdAt),
  };
}

/**
 * Creates a guardian account. The identifier is a phone number or e-mail address (where one-time codes go); the password
 * is optional (a guardian may sign in with codes only) and hashed with scrypt. A taken identifier is a `conflict`.
 */
export async function createGuardian(
  db: Db,
  input: {
    readonly identifier: string;
    readonly displayName?: string | undefined;
    readonly password?: string | undefined;
  },
  now: number,
): Promise<Guardian> {
  const identifier = normalizeGuardianIdentifier(input.identifier);
  const details = [];
  if (identifier === undefined) details.push({ path: 'identifier', message: 'a phone number or e-mail address' });
  if (input.password !== undefined && [...input.password].length < GUARDIAN_PASSWORD_MIN_LENGTH) {
    details.push({ path: 'password', message: `at least ${GUARDIAN_PASSWORD_MIN_LENGTH} characters` });
  }
  if (input.password !== undefined && input.password.length > 1024)
    details.push({ path: 'password', message: 'too long' });
  // A lone surrogate has no UTF-8 form: it would hash as U+FFFD, so two different passwords would be one.
  if (input.password !== undefined && !isWellFormedText(input.password)) {
    details.push({ path: 'password', message: 'not well-formed text' });
  }
  const displayName = (input.displayName ?? '').trim();
  if (displayName.length > 50) details.push({ path: 'displayName', message: 'at most 50 characters' });
  if (!isWellFormedText(displayName)) details.push({ path: 'displayName', message: 'not well-formed text' });
  if (details.length > 0 || identifier === undefined) {
    throw new AppError('validation_failed', 'The guardian account is not valid.', details);
  }
  const row = {
    id: `gdn_${randomId(16)}`,
    identifier,
    displayName: displayName === '' ? identifier : displayName,
    passwordHash: input.password === undefined ? null : await hashPassword(input.password),
    failedCount: 0,
    lockedUntil: null,
    createdAt: now,
  };
  try {
    await db.insertInto('guardians').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('conflict', 'An account with this phone number or e-mail already exists.', [
        { path: 'identifier', message: 'identifier_taken' },
      ]);
    }
    throw error;
  }
  return toGuardian({ ...row, codeSentAt: null, codesSent: 0, codesWindowAt: null, notifyChoices: '{}' });
}

/** A guardian by id, or undefined. */
export async function getGuardian(db: Db, guardianId: string): Promise<Guardian | undefined> {
  const row = await db.selectFrom('guardians').selectAll().where('id', '=', guardianId).executeTakeFirst();
  return row === undefined ? undefined : toGuardian(row);
}

async function openSession(db: Db, guardian: Guardian, now: number): Promise<GuardianSession> {
  const token = `${TOKEN_PREFIX}${randomSecret(32)}`;
  const csrfToken = randomSecret(32);
  const expiresAt = Math.min(now + GUARDIAN_SESSION_LIFETIME.idleMs, now + GUARDIAN_SESSION_LIFETIME.absoluteMs);
  await db
    .insertInto('guardianSessions')
    .values({
      tokenHash: hashSecret(token),
      guardianId: guardian.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    })
    .execute();
  return { token, csrfToken, guardian, expiresAt };
}

/** The outcome of a sign-in attempt. */
export type GuardianSignInResult =
  | { readonly ok: true; readonly session: GuardianSession }
  | { readonly ok: false; readonly reason: 'invalid' }
  | { readonly ok: false; readonly reason: 'locked'; readonly lockedUntil: number };

let dummyHash: Promise<string> | undefined;

async function findForSignIn(db: Db, identifier: string): Promise<GuardianRow | undefined> {
  const normalized = normalizeGuardianIdentifier(identifier);
  if (normalized === undefined) return undefined;
  return db.selectFrom('guardians').selectAll().where('identifier', '=', normalized).executeTakeFirst();
}

/** A failed check: `locked` when it was the attempt that armed the lock, else `invalid`. */
function failed(attempt: SignInAttempt): GuardianSignInResult {
  return !attempt.locked && attempt.lastChance && attempt.lockedUntil !== null
    ? { ok: false, reason: 'locked', lockedUntil: attempt.lockedUntil }
    : { ok: false, reason: 'invalid' };
}

/**
 * Signs a guardian in with identifier and password and opens a session. Five failures in a row (wrong codes included)
 * lock the account for 15 minutes, attempts in parallel too: each is counted before the password is hashed. An unknown
 * identifier costs as much time as a wrong password.
 */
export async function signInGuardian(
  db: Db,
  input: { readonly identifier: string; readonly password: string },
  now: number,
): Promise<GuardianSignInResult> {
  const row = await findForSignIn(db, input.identifier);
  if (row === undefined || row.passwordHash === null) {
    dummyHash ??= hashPassword(randomSecret(16));
    await verifyPassword(input.password, await dummyHash);
    return { ok: false, reason: 'invalid' };
  }
  const attempt = await claimSignInAttempt(db, 'guardians', row.id, now, GUARDIAN_LOCKOUT);
  if (attempt.locked) return { ok: false, reason: 'locked', lockedUntil: attempt.lockedUntil };
  if (!(await verifyPassword(input.password, row.passwordHash))) return failed(attempt);
  // Checked again after hashing: a password changed meanwhile opens no session.
  const cleared = await db
    .updateTable('guardians')
    .set({ failedCount: 0, lockedUntil: null })
    .where('id', '=', row.id)
    .where('passwordHash', '=', row.passwordHash)
    .executeTakeFirst();
  if (cleared.numUpdatedRows === 0n) return { ok: false, reason: 'invalid' };
  await purgeExpiredGuardianSessions(db, now);
  return { ok: true, session: await openSession(db, toGuardian(row), now) };
}

/**
 * Makes a one-time six-digit sign-in code for the guardian with this identifier and returns it with the guardian, for
 * the caller to send through its notifier; undefined when no such guardian exists (say nothing different to the
 * requester). A new code replaces the old one, at most one a minute and `GUARDIAN_CODE.maxPerDay` a day
 * (`rate_limited`); none while the account is locked.
 */
export async function issueGuardianSignInCode(
  db: Db,
  identifier: string,
  now: number,
): Promise<{ readonly guardian: Guardian; readonly code: string; readonly expiresAt: number } | undefined> {
  const row = await findForSignIn(db, identifier);
  if (row === undefined) return undefined;
  const dayAgo = now - 86_400_000;
  const newWindow = sql<boolean>`(codes_window_at is null or codes_window_at <= ${dayAgo})`;
  // One statement checks and counts, so parallel requests cannot send more than the limits allow.
  const sent = await db
    .updateTable('guardians')
    .set({
      codeSentAt: now,
      codesSent: sql<number>`case when ${newWindow} then 1 else codes_sent + 1 end`,
      codesWindowAt: sql<number>`case when ${newWindow} then cast(${now} as bigint) else codes_window_at end`,
    })
    .where('id', '=', row.id)
    .where((eb) =>
      eb.and([
        eb.or([eb('codeSentAt', 'is', null), eb('codeSentAt', '<=', now - GUARDIAN_CODE.resendMs)]),
        eb.or([
          eb('codesWindowAt', 'is', null),
          eb('codesWindowAt', '<=', dayAgo),
          eb('codesSent', '<', GUARDIAN_CODE.maxPerDay),
        ]),
        eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<=', now)]),
      ]),
    )
    .executeTakeFirst();
  if (sent.numUpdatedRows === 0n) {
    throw new AppError('rate_limited', 'A code was sent a moment ago, or too many today; wait before asking again.');
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = now + GUARDIAN_CODE.ttlMs;
  const values = { codeHash: hashSecret(`${row.id}:${code}`), attempts: 0, createdAt: now, expiresAt };
  await db
    .insertInto('guardianSignInCodes')
    .values({ guardianId: row.id, ...values })
    .onConflict((oc) => oc.column('guardianId').doUpdateSet(values))
    .execute();
  return { guardian: toGuardian(row), code, expiresAt };
}

/**
 * Signs a guardian in with a one-time code: right, unexpired and within `GUARDIAN_CODE.maxAttempts` tries, it is spent
 * (once, even when sent twice at the same moment) and a session opens; otherwise `invalid`, and the code is void after its
 * last try. Every try counts toward the account's lock, like a password.
 */
export async function signInGuardianWithCode(
  db: Db,
  input: { readonly identifier: string; readonly code: string },
  now: number,
): Promise<GuardianSignInResult> {
  const row = await findForSignIn(db, input.identifier);
  if (row === undefined) return { ok: false, reason: 'invalid' };
  const attempt = await claimSignInAttempt(db, 'guardians', row.id, now, GUARDIAN_LOCKOUT);
  if (attempt.locked) return { ok: false, reason: 'locked', lockedUntil: attempt.lockedUntil };
  // The try is counted on the code before it is compared, in the same statement that checks the count.
  const stored = await db
    .updateTable('guardianSignInCodes')
    .set({ attempts: sql<number>`attempts + 1` })
    .where('guardianId', '=', row.id)
    .where('attempts', '<', GUARDIAN_CODE.maxAttempts)
    .where('expiresAt', '>', now)
    .returning(['codeHash', 'attempts'])
    .executeTakeFirst();
  if (stored === undefined) return failed(attempt);
  const expected = Buffer.from(stored.codeHash, 'hex');
  const actual = Buffer.from(hashSecret(`${row.id}:${input.code.trim()}`), 'hex');
  if (!timingSafeEqual(expected, actual)) {
    if (Number(stored.attempts) >= GUARDIAN_CODE.maxAttempts || (!attempt.locked && attempt.lastChance)) {
      await db.deleteFrom('guardianSignInCodes').where('guardianId', '=', row.id).execute();
    }
    return failed(attempt);
  }
  const spent = await db
    .deleteFrom('guardianSignInCodes')
    .where('guardianId', '=', row.id)
    .where('codeHash', '=', stored.codeHash)
    .executeTakeFirst();
  if (spent.numDeletedRows === 0n) return { ok: false, reason: 'invalid' };
  await clearSignInFailures(db, 'guardians', row.id);
  return { ok: true, session: await openSession(db, toGuardian(row), now) };
}

/** The live session for a token (bearer or cookie), sliding its idle expiry; null when unknown or expired. */
export async function findGuardianSession(db: Db, token: string, now: number): Promise<GuardianSession | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const tokenHash = hashSecret(token);
  const row = await db
    .selectFrom('guardianSessions as s')
    .innerJoin('guardians as g', 'g.id', 's.guardianId')
    .selectAll('g')
    .select(['s.csrfToken', 's.createdAt as sessionCreatedAt', 's.lastSeenAt', 's.expiresAt'])
    .where('s.tokenHash', '=', tokenHash)
    .executeTakeFirst();
  if (row === undefined) return null;
  if (Number(row.expiresAt) <= now) {
    await db.deleteFrom('guardianSessions').where('tokenHash', '=', tokenHash).execute();
    return null;
  }
  let expiresAt = Number(row.expiresAt);
  if (now - Number(row.lastSeenAt) >= 60_000) {
    expiresAt = Math.min(
      now + GUARDIAN_SESSION_LIFETIME.idleMs,
      Number(row.sessionCreatedAt) + GUARDIAN_SESSION_LIFETIME.absoluteMs,
    );
    await db
      .updateTable('guardianSessions')
      .set({ lastSeenAt: now, expiresAt })
      .where('tokenHash', '=', tokenHash)
      .execute();
  }
  return { token, csrfToken: row.csrfToken, guardian: toGuardian(row), expiresAt };
}

/** Ends a session; an unknown token is ignored. */
export async function signOutGuardian(db: Db, token: string): Promise<void> {
  await db.deleteFrom('guardianSessions').where('tokenHash', '=', hashSecret(token)).execute();
}

/** Deletes guardian sessions past their expiry; returns how many. */
export async function purgeExpiredGuardianSessions(db: Db, now: number): Promise<number> {
  const result = await db.deleteFrom('guardianSessions').where('expiresAt', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Checks a signed-in guardian's password or one-time code again before a step that cannot be undone (approving a mode
 * exit), without opening a session. It is a sign-in attempt: the account's lock counts it.
 */
export async function reverifyGuardian(
  db: Db,
  guardianId: string,
  secret: { readonly password?: string | undefined; readonly code?: string | undefined },
  now: number,
): Promise<GuardianSignInResult> {
  const guardian = await getGuardian(db, guardianId);
  if (guardian === undefined) return { ok: false, reason: 'invalid' };
  const result =
    secret.password !== undefined
      ? await signInGuardian(db, { identifier: guardian.identifier, password: secret.password }, now)
      : secret.code !== undefined
        ? await signInGuardianWithCode(db, { identifier: guardian.identifier, code: secret.code }, now)
        : ({ ok: false, reason: 'invalid' } as const);
  if (result.ok) await signOutGuardian(db, result.session.token);
  return result;
}
