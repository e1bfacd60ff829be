import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { GUARDIAN_CODE, GUARDIAN_PASSWORD_MIN_LENGTH } from '../../../store/index.js';
import { PasswordSignIn, type Lang, t, redirectTo } from '../../web/index.js';
import { PORTAL_BASE, sendPortalPage } from '../respond.js';
import type { PortalContext, PortalDeps, PortalEnv } from '../context.js';
import { secondsToWait } from '../../public-limits.js';
import { portalAuth } from '../sessions.js';
import { CodeForms, SignInLinks, SignUpForm, nextQuery } from './sign-in-forms.js';

/** How the portal names and sets its cookies (secure ones behind https). */
export interface PortalCookies {
  session(c: PortalContext): string;
  pre(c: PortalContext): string;
  options(c: PortalContext): { path: '/'; httpOnly: true; sameSite: 'Lax'; secure: boolean };
}

/** Sign-in with a password or a one-time code sent through the notifier, and sign-out. */
export function registerSignInRoutes(app: Hono<PortalEnv>, deps: PortalDeps, cookies: PortalCookies) {
  const auth = portalAuth(deps);

  /**
   * The per-address limit on sign-up, sign-in and code requests, shared with the API (see public-limits.ts): undefined
   * to go on, else the page's error in the reader's language. Sets Retry-After.
   */
  const tooMany = async (c: PortalContext): Promise<string | undefined> => {
    const seconds = await secondsToWait(c, deps, 'guardian_auth');
    if (seconds === undefined) return undefined;
    return t(c.get('lang'), 'too_many_attempts', { minutes: Math.max(1, Math.ceil(seconds / 60)) });
  };
  const limited = { code: 'rate_limited' as const };

  const passwordForm = (
    c: PortalContext,
    next: string,
    options: { error?: string | undefined; ok?: string | undefined; identifier?: string },
  ) => {
    const lang = c.get('lang');
    return PasswordSignIn({
      lang,
      csrf: c.get('csrf'),
      action: `${PORTAL_BASE}/sign-in`,
      next,
      title: t(lang, 'guardian_sign_in_title'),
      intro: t(lang, 'sign_in_intro'),
      ok: options.ok,
      error: options.error,
      account: {
        name: 'identifier',
        label: t(lang, 'identifier'),
        value: options.identifier ?? '',
        inputmode: 'email',
      },
      formId: 'password-sign-in',
      after: SignInLinks({ lang, next }),
    });
  };

  const codeForms = (
    c: PortalContext,
    next: string,
    options: { error?: string | undefined; ok?: string | undefined; identifier?: string; sent?: boolean },
  ) => CodeForms({ lang: c.get('lang'), csrf: c.get('csrf'), next, ...options });

  const opened = (c: PortalContext, token: string, maxAgeSeconds: number, next: string): Response => {
    setCookie(c, cookies.session(c), token, { ...cookies.options(c), maxAge: maxAgeSeconds });
    deleteCookie(c, cookies.pre(c), cookies.options(c));
    return c.redirect(next !== '' ? next : `${PORTAL_BASE}/minors`, 303);
  };

  app.get('/sign-in', (c) => {
    const lang = c.get('lang');
    if (c.get('guardian') !== null) return c.redirect(`${PORTAL_BASE}/minors`, 303);
    const ok = c.req.query('done') === 'signed_out' ? t(lang, 'signed_out') : undefined;
    const error = c.req.query('next') !== undefined ? t(lang, 'sign_in_needed') : undefined;
    const next = safeNext(c.req.query('next') ?? '');
    return sendPortalPage(c, t(lang, 'guardian_sign_in_title'), passwordForm(c, next, { ok, error }));
  });

  app.post('/sign-in', async (c) => {
    const lang = c.get('lang');
    const form = c.get('form');
    const identifier = form.get('identifier');
    const next = safeNext(form.get('next'));
    const wait = await tooMany(c);
    if (wait !== undefined) {
      return sendPortalPage(
        c,
        t(lang, 'guardian_sign_in_title'),
        passwordForm(c, next, { error: wait, identifier }),
        limited,
      );
    }
    const result = await auth.withPassword(identifier, form.get('password'));
    if (!result.ok) {
      const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
      if (result.reason === 'locked') c.header('Retry-After', String(result.retryAfterSeconds));
      const error =
        result.reason === 'locked'
          ? t(lang, 'guardian_sign_in_locked', { minutes })
          : t(lang, 'guardian_sign_in_failed');
      return sendPortalPage(c, t(lang, 'guardian_sign_in_title'), passwordForm(c, next, { error, identifier }), {
        code: result.reason === 'locked' ? 'rate_limited' : 'unauthenticated',
      });
    }
    return opened(c, result.token, result.maxAgeSeconds, next);
  });

  app.get('/sign-in/code', (c) => {
    const lang = c.get('lang');
    if (c.get('guardian') !== null) return c.redirect(`${PORTAL_BASE}/minors`, 303);
    const identifier = (c.req.query('identifier') ?? '').slice(0, 320);
    const done = c.req.query('done');
    const sent = done === 'sent';
    const ok =
      done === 'signed_up'
        ? t(lang, 'sign_up_done_code')
        : sent
          ? t(lang, 'code_sent', { minutes: Math.round(GUARDIAN_CODE.ttlMs / 60_000) })
          : undefined;
    return sendPortalPage(
      c,
      t(lang, 'sign_in_with_code'),
      codeForms(c, safeNext(c.req.query('next') ?? ''), { identifier, ok, sent }),
    );
  });

  const signUpForm = (
    c: PortalContext,
    next: string,
    options: { errors?: readonly string[]; identifier?: string; displayName?: string } = {},
  ) => SignUpForm({ lang: c.get('lang'), csrf: c.get('csrf'), next, ...options });

  app.get('/sign-up', (c) => {
    const lang = c.get('lang');
    if (c.get('guardian') !== null) return c.redirect(`${PORTAL_BASE}/minors`, 303);
    return sendPortalPage(c, t(lang, 'sign_up_title'), signUpForm(c, safeNext(c.req.query('next') ?? '')));
  });

  app.post('/sign-up', async (c) => {
    const lang = c.get('lang');
    const form = c.get('form');
    const next = safeNext(form.get('next'));
    const identifier = form.get('identifier').trim();
    const displayName = form.get('displayName').trim();
    const password = form.get('password');
    const wait = await tooMany(c);
    if (wait !== undefined) {
      const page = signUpForm(c, next, { errors: [wait], identifier, displayName });
      return sendPortalPage(c, t(lang, 'sign_up_title'), page, limited);
    }
    const created = await auth.signUp({ identifier, displayName, password: password === '' ? undefined : password });
    if (!created.ok) {
      const errors = created.problems.map((p) => signUpProblem(lang, p));
      return sendPortalPage(c, t(lang, 'sign_up_title'), signUpForm(c, next, { errors, identifier, displayName }), {
        code: created.code,
      });
    }
    // A code-only account signs in with its first code; a password signs in at once.
    if (password === '') {
      const query = new URLSearchParams({ identifier, done: 'signed_up', ...(next === '' ? {} : { next }) });
      return c.redirect(`${PORTAL_BASE}/sign-in/code?${query.toString()}`, 303);
    }
    const signedIn = await auth.withPassword(identifier, password);
    if (!signedIn.ok) return c.redirect(`${PORTAL_BASE}/sign-in${nextQuery(next)}`, 303);
    return opened(c, signedIn.token, signedIn.maxAgeSeconds, next);
  });

  app.post('/sign-in/code/send', async (c) => {
    const lang = c.get('lang');
    const form = c.get('form');
    const identifier = form.get('identifier').trim();
    const next = safeNext(form.get('next'));
    const wait = await tooMany(c);
    if (wait !== undefined) {
      const page = codeForms(c, next, { error: wait, identifier });
      return sendPortalPage(c, t(lang, 'sign_in_with_code'), page, limited);
    }
    const sent = await auth.sendCode(identifier);
    if (!sent.ok) {
      if (sent.reason === 'rate_limited') c.header('Retry-After', String(sent.retryAfterSeconds));
      const error =
        sent.reason === 'rate_limited'
          ? t(lang, 'code_too_many', { seconds: sent.retryAfterSeconds })
          : t(lang, 'code_send_failed');
      return sendPortalPage(c, t(lang, 'sign_in_with_code'), codeForms(c, next, { error, identifier, sent: true }), {
        code: sent.reason === 'rate_limited' ? 'rate_limited' : 'unavailable',
      });
    }
    // The same answer whether or not the account exists, so the form cannot be used to find out who has one; and a
    // redirect, so reloading the page does not ask for another code.
    return redirectTo(c, `${PORTAL_BASE}/sign-in/code`, {
      identifier,
      done: 'sent',
      ...(next === '' ? {} : { next }),
    });
  });

  app.post('/sign-in/code', async (c) => {
    const lang = c.get('lang');
    const form = c.get('form');
    const identifier = form.get('identifier').trim();
    const next = safeNext(form.get('next'));
    const wait = await tooMany(c);
    if (wait !== undefined) {
      const page = codeForms(c, next, { error: wait, identifier, sent: true });
      return sendPortalPage(c, t(lang, 'sign_in_with_code'), page, limited);
    }
    const result = await auth.withCode(identifier, form.get('code').trim());
    if (!result.ok) {
      const error =
        result.reason === 'locked'
          ? t(lang, 'guardian_sign_in_locked', { minutes: Math.max(1, Math.ceil(result.retryAfterSeconds / 60)) })
          : t(lang, 'code_failed');
      return sendPortalPage(c, t(lang, 'sign_in_with_code'), codeForms(c, next, { error, identifier, sent: true }), {
        code: result.reason === 'locked' ? 'rate_limited' : 'unauthenticated',
      });
    }
    return opened(c, result.token, result.maxAgeSeconds, next);
  });

  app.post('/sign-out', async (c) => {
    const token = getCookie(c, cookies.session(c));
    if (token !== undefined && token !== '') await auth.signOut(token);
    deleteCookie(c, cookies.session(c), cookies.options(c));
    return redirectTo(c, `${PORTAL_BASE}/sign-in`, { done: 'signed_out' });
  });
}

/** A readable message for what account creation found wrong (the store's detail paths). */
function signUpProblem(lang: Lang, problem: { readonly path: string; readonly message: string }): string {
  switch (problem.path) {
    case 'identifier':
      return problem.message === 'identifier_taken' ? t(lang, 'sign_up_taken') : t(lang, 'sign_up_identifier');
    case 'password':
      return t(lang, 'sign_up_password', { min: GUARDIAN_PASSWORD_MIN_LENGTH });
    case 'displayName':
      return t(lang, 'sign_up_display_name');
    default:
      return problem.message;
  }
}

// Only paths inside the portal: an open redirect to another site would make the sign-in page a phishing tool.
function safeNext(next: string): string {
  return next.startsWith(`${PORTAL_BASE}/`) && !next.startsWith('//') && !/[\\\r\n]/.test(next) ? next : '';
}
