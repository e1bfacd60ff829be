import { isAppError, type ErrorCode } from '../../lib/index.js';
import {
  GUARDIAN_CODE,
  GUARDIAN_SESSION_LIFETIME,
  createGuardian,
  findGuardianSession,
  getGuardian,
  issueGuardianSignInCode,
  signInGuardian,
  signInGuardianWithCode,
  signOutGuardian,
  type GuardianSignInResult,
} from '../../store/index.js';
import type { PortalDeps, PortalGuardian } from './context.js';

/** The signed-in guardian and the CSRF token kept in the session row. */
export interface PortalSession {
  readonly guardian: PortalGuardian;
  readonly csrfToken: string;
}

/** A sign-in attempt, as the pages need it: a session token and its cookie lifetime, or why not. */
export type PortalSignIn =
  | { readonly ok: true; readonly token: string; readonly maxAgeSeconds: number }
  | { readonly ok: false; readonly reason: 'invalid' | 'locked'; readonly retryAfterSeconds: number };

/** A one-time code on its way, or why not: asked again too soon, or the notifier failed. */
export type CodeSent =
  | { readonly ok: true; readonly validMinutes: number }
  | { readonly ok: false; readonly reason: 'rate_limited'; readonly retryAfterSeconds: number }
  | { readonly ok: false; readonly reason: 'send_failed' };

/** The guardian session for a cookie token, or null. */
export async function findPortalSession(deps: PortalDeps, token: string): Promise<PortalSession | null> {
  const found = await findGuardianSession(deps.store.db, token, deps.clock());
  if (found === null) return null;
  const { id, displayName, hasPassword } = found.guardian;
  return { guardian: { id, displayName, hasPassword }, csrfToken: found.csrfToken };
}

/** The portal's sign-in steps over the guardian account store, and the notifier that carries one-time codes. */
export function portalAuth(deps: PortalDeps) {
  const { db } = deps.store;
  const opened = (result: GuardianSignInResult): PortalSignIn => {
    const now = deps.clock();
    if (result.ok) {
      return {
        ok: true,
        token: result.session.token,
        maxAgeSeconds: Math.floor(GUARDIAN_SESSION_LIFETIME.absoluteMs / 1000),
      };
    }
    if (result.reason === 'locked') {
      return {
        ok: false,
        reason: 'locked',
        retryAfterSeconds: Math.max(1, Math.ceil((result.lockedUntil - now) / 1000)),
      };
    }
    return { ok: false, reason: 'invalid', retryAfterSeconds: 0 };
  };

  /**
   * Makes a code and sends it. `sayWait`: whether asking again within a minute is answered "wait" (for a signed-in
   * guardian) or, on the public form, like any other request (the first code is still good), so that the form does not
   * tell who has an account.
   */
  const sendCode = async (identifier: string, sayWait: boolean): Promise<CodeSent> => {
    const validMinutes = Math.round(GUARDIAN_CODE.ttlMs / 60_000);
    try {
      const issued = await issueGuardianSignInCode(db, identifier, deps.clock());
      if (issued !== undefined) {
        try {
          await deps.notifier.sendSignInCode({
            guardianId: issued.guardian.id,
            identifier: issued.guardian.identifier,
            code: issued.code,
            expiresAt: issued.expiresAt,
          });
        } catch (error) {
          deps.log.error({ err: error }, 'guardian sign-in code could not be sent');
          return { ok: false, reason: 'send_failed' };
        }
      }
      return { ok: true, validMinutes };
    } catch (error) {
      if (isAppError(error) && error.code === 'rate_limited') {
        if (!sayWait) return { ok: true, validMinutes };
        return { ok: false, reason: 'rate_limited', retryAfterSeconds: Math.ceil(GUARDIAN_CODE.resendMs / 1000) };
      }
      throw error;
    }
  };

  return {
    withPassword: async (identifier: string, password: string): Promise<PortalSignIn> =>
      opened(await signInGuardian(db, { identifier, password }, deps.clock())),

    withCode: async (identifier: string, code: string): Promise<PortalSignIn> =>
      opened(await signInGuardianWithCode(db, { identifier, code }, deps.clock())),

    /**
     * Makes a code and sends it; an unknown account, or one that was sent a code less than a minute ago, gets the same
     * answer, so the form does not reveal who has one.
     */
    sendCode: (identifier: string): Promise<CodeSent> => sendCode(identifier, false),

    /**
     * Checks the signed-in guardian's password again before a step that cannot be undone from the portal (leaving youth
     * mode). It is a full sign-in, so the account's lockout counts these tries too; the session it opens is closed at once.
     */
    reverify: async (guardianId: string, password: string): Promise<'ok' | 'invalid' | 'locked'> => {
      const guardian = await getGuardian(db, guardianId);
      if (guardian === undefined) return 'invalid';
      const result = await signInGuardian(db, { identifier: guardian.identifier, password }, deps.clock());
      if (!result.ok) return result.reason;
      await signOutGuardian(db, result.session.token);
      return 'ok';
    },

    /** Checks a one-time code sent by `sendCodeTo`, the same way (a code-only account has no password to ask for). */
    reverifyCode: async (guardianId: string, code: string): Promise<'ok' | 'invalid' | 'locked'> => {
      const guardian = await getGuardian(db, guardianId);
      if (guardian === undefined || code === '') return 'invalid';
      const result = await signInGuardianWithCode(db, { identifier: guardian.identifier, code }, deps.clock());
      if (!result.ok) return result.reason;
      await signOutGuardian(db, result.session.token);
      return 'ok';
    },

    /** Sends a one-time code to the signed-in guardian (for leaving youth mode on a code-only account). */
    sendCodeTo: async (guardianId: string): Promise<CodeSent> => {
      const guardian = await getGuardian(db, guardianId);
      if (guardian === undefined) return { ok: false, reason: 'send_failed' };
      return sendCode(guardian.identifier, true);
    },

    /** Creates an account; what was wrong with the form (taken, not a phone or e-mail, short password) otherwise. */
    signUp: async (input: {
      readonly identifier: string;
      readonly displayName: string;
      readonly password: string | undefined;
    }): Promise<
      | { readonly ok: true }
      | {
          readonly ok: false;
          readonly code: ErrorCode;
          readonly problems: readonly { readonly path: string; readonly message: string }[];
        }
    > => {
      try {
        await createGuardian(db, input, deps.clock());
        return { ok: true };
      } catch (error) {
        if (!isAppError(error) || (error.code !== 'validation_failed' && error.code !== 'conflict')) throw error;
        return {
          ok: false,
          code: error.code,
          problems: error.details.map((d) => ({ path: d.path ?? '', message: d.message })),
        };
      }
    },

    signOut: (token: string): Promise<void> => signOutGuardian(db, token),
  };
}
