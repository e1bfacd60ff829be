import type { Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { isAppError } from '../../lib/index.js';
import {
  LOCKOUT,
  SESSION_LIFETIME,
  findSession,
  hasConsoleAdmin,
  isSetupTokenValid,
  redeemSetupToken,
  signIn,
  signOut,
  type ConsoleSession,
} from '../../store/index.js';
import { secondsToWait } from '../public-limits.js';
import { PasswordSignIn, createPageSet, redirectTo, t } from '../web/index.js';
import { canUse, homePage, type Page } from './access.js';
import type { ConsoleContext, ConsoleDeps, ConsoleEnv } from './context.js';
import { registerComplianceRoutes, registerIncidentRoutes } from '../compliance/console-pages.js';
import { registerConversationRoutes } from './conversations.js';
import { credentialProblem } from './credentials.js';
import { registerKeyRoutes } from './pages/keys.js';
import { registerLexiconRoutes } from './pages/lexicon.js';
import { registerLogRoutes } from './pages/logs.js';
import { registerNotificationFailureRoutes } from './pages/notifications.js';
import { registerPlaygroundRoutes } from './pages/playground.js';
import { SetupForm } from './pages/setup.js';
import { registerTenantRoutes } from './pages/tenants.js';
import { registerUserRoutes } from './pages/users.js';
import { registerPoolCoverageRoutes } from './pool-coverage.js';
import { registerPoolReviewRoutes } from './pool-review.js';
import { registerConsoleAccessLogging, registerPrivacyConsoleRoutes } from '../privacy/console-pages.js';
import { BASE, CONSOLE_SITE, sendErrorPage, sendPage } from './respond.js';
import { registerReviewCaseRoutes } from './review-case.js';
import { registerReviewQueueRoutes } from './review-queue.js';
import { registerStatsRoutes } from './stats.js';
import { registerSweepRoutes } from './sweeps.js';

const FORM_LIMIT_BYTES = 256 * 1024;

/**
 * The web console, mounted by the app under `/console`: sign-in with roles, the first-administrator setup page, the detector
 * playground, lexicon management, API keys, the decision log and console users. Built on the page kit (`../web`), which
 * also does its CSRF: the session's token once signed in, a double-submit cookie on the sign-in and setup forms.
 */
export function createConsole(deps: ConsoleDeps): Hono {
  const set = createPageSet<ConsoleEnv>({
    deps,
    site: CONSOLE_SITE,
    formLimitBytes: FORM_LIMIT_BYTES,
    csrfCookie: 'ql_csrf',
    csrfSameSite: 'Lax',
    session: {
      cookie: 'ql_session',
      find: (token) => findSession(deps.store.db, token, deps.clock()),
      keep: (c, found) => c.set('session', found as ConsoleSession | null),
    },
    refused: (c) => {
      const lang = c.get('lang');
      return sendErrorPage(c, 'forbidden', t(lang, 'error_forbidden_title'), t(lang, 'error_csrf'));
    },
    notFound: (c) => {
      const lang = c.get('lang');
      return sendErrorPage(c, 'not_found', t(lang, 'error_not_found_title'), t(lang, 'error_not_found'));
    },
    logName: 'console',
  });
  const { app } = set;
  const sessionCookie = (c: ConsoleContext): string => set.cookieName(c, 'ql_session');
  const preCookie = (c: ConsoleContext): string => set.cookieName(c, 'ql_csrf');
  const cookieOptions = (c: ConsoleContext) => set.cookieOptions(c);

  app.get('/', (c) => {
    const s = c.get('session');
    return c.redirect(s === null ? `${BASE}/sign-in` : `${BASE}/${homePage(s.user.role)}`, 303);
  });

  const signInPage = (
    c: ConsoleContext,
    next: string,
    options: { error?: string | undefined; ok?: string | undefined; username?: string } = {},
  ) => {
    const lang = c.get('lang');
    return PasswordSignIn({
      lang,
      csrf: c.get('csrf'),
      action: `${BASE}/sign-in`,
      next,
      title: t(lang, 'sign_in_title'),
      ok: options.ok,
      error: options.error,
      account: { name: 'username', label: t(lang, 'username'), value: options.username ?? '' },
      hint: t(lang, 'sign_in_lockout_rule', { count: LOCKOUT.maxFailures, minutes: LOCKOUT.lockMs / 60_000 }),
    });
  };

  app.get('/sign-in', (c) => {
    const lang = c.get('lang');
    const s = c.get('session');
    if (s !== null) return c.redirect(`${BASE}/${homePage(s.user.role)}`, 303);
    const done = c.req.query('done');
    const ok = done === 'signed_out' ? t(lang, 'signed_out') : done === 'setup' ? t(lang, 'setup_done') : undefined;
    const error = c.req.query('next') !== undefined ? t(lang, 'sign_in_needed') : undefined;
    const next = safeNext(c.req.query('next') ?? '');
    return sendPage(c, t(lang, 'sign_in_title'), signInPage(c, next, { ok, error }), { narrow: true });
  });

  app.post('/sign-in', async (c) => {
    const lang = c.get('lang');
    const form = c.get('form');
    const username = form.get('username');
    const wait = await secondsToWait(c, deps, 'console_sign_in');
    if (wait !== undefined) {
      const message = t(lang, 'sign_in_too_many', { minutes: Math.max(1, Math.ceil(wait / 60)) });
      return sendPage(
        c,
        t(lang, 'sign_in_title'),
        signInPage(c, safeNext(form.get('next')), { error: message, username }),
        {
          narrow: true,
          code: 'rate_limited',
        },
      );
    }
    const result = await signIn(deps.store.db, username, form.get('password'), deps.clock());
    if (!result.ok) {
      const locked = result.reason === 'locked';
      if (locked) c.header('Retry-After', String(Math.max(1, Math.ceil((result.lockedUntil - deps.clock()) / 1000))));
      const error = locked
        ? t(lang, 'sign_in_locked', { minutes: Math.max(1, Math.ceil((result.lockedUntil - deps.clock()) / 60_000)) })
        : t(lang, 'sign_in_failed');
      return sendPage(c, t(lang, 'sign_in_title'), signInPage(c, safeNext(form.get('next')), { error, username }), {
        narrow: true,
        code: locked ? 'rate_limited' : 'unauthenticated',
      });
    }
    const { session: opened } = result;
    setCookie(c, sessionCookie(c), opened.token, {
      ...cookieOptions(c),
      maxAge: SESSION_LIFETIME.absoluteMs / 1000,
    });
    deleteCookie(c, preCookie(c), cookieOptions(c));
    const next = safeNext(form.get('next'));
    return c.redirect(next !== '' ? next : `${BASE}/${homePage(opened.user.role)}`, 303);
  });

  app.post('/sign-out', async (c) => {
    const token = getCookie(c, sessionCookie(c));
    if (token !== undefined) await signOut(deps.store.db, token);
    deleteCookie(c, sessionCookie(c), cookieOptions(c));
    return redirectTo(c, `${BASE}/sign-in`, { done: 'signed_out' });
  });

  const setupPage = (c: ConsoleContext, token: string, error?: string, username = '') =>
    SetupForm({ lang: c.get('lang'), csrf: c.get('csrf'), token, error, username });

  app.get('/setup', async (c) => {
    const lang = c.get('lang');
    const token = c.req.query('token') ?? '';
    // A token printed by an earlier start stays unused once another one made the administrator: refuse it here too.
    const valid =
      (await isSetupTokenValid(deps.store.db, token, 'admin_setup', deps.clock())) &&
      !(await hasConsoleAdmin(deps.store.db));
    if (!valid) {
      return sendErrorPage(c, 'forbidden', t(lang, 'setup_title'), t(lang, 'setup_invalid'));
    }
    return sendPage(c, t(lang, 'setup_title'), setupPage(c, token), { narrow: true });
  });

  app.post('/setup', async (c) => {
    const lang = c.get('lang');
    const form = c.get('form');
    const token = form.get('token');
    const username = form.get('username');
    const password = form.get('password');
    if (password !== form.get('password2')) {
      return sendPage(c, t(lang, 'setup_title'), setupPage(c, token, t(lang, 'error_password_mismatch'), username), {
        narrow: true,
        code: 'validation_failed',
      });
    }
    try {
      await redeemSetupToken(deps.store.db, token, { username, password }, deps.clock());
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'forbidden') {
        return sendErrorPage(c, 'forbidden', t(lang, 'setup_title'), t(lang, 'setup_invalid'));
      }
      return sendPage(
        c,
        t(lang, 'setup_title'),
        setupPage(c, token, credentialProblem(lang, error.details), username),
        {
          narrow: true,
          code: error.code,
        },
      );
    }
    deps.log.info({ username }, 'first console administrator created');
    return redirectTo(c, `${BASE}/sign-in`, { done: 'setup' });
  });

  const guard = (page: Page): MiddlewareHandler<ConsoleEnv> => {
    return async (c, next) => {
      const s = c.get('session');
      const lang = c.get('lang');
      if (s === null) {
        if (c.req.method === 'GET') {
          const url = new URL(c.req.url);
          return redirectTo(c, `${BASE}/sign-in`, { next: url.pathname + url.search });
        }
        return sendErrorPage(c, 'unauthenticated', t(lang, 'sign_in_title'), t(lang, 'sign_in_needed'));
      }
      if (!canUse(s.user.role, page)) {
        return sendErrorPage(
          c,
          'forbidden',
          t(lang, 'error_forbidden_title'),
          t(lang, 'error_forbidden', { role: t(lang, `role_${s.user.role}`) }),
        );
      }
      return next();
    };
  };

  registerConsoleAccessLogging(app, deps);
  registerPlaygroundRoutes(app, deps, guard('playground'));
  registerLexiconRoutes(app, deps, guard('lexicon'));
  registerKeyRoutes(app, deps, guard('keys'));
  registerLogRoutes(app, deps, guard('logs'));
  registerUserRoutes(app, deps, guard('users'));
  registerTenantRoutes(app, deps, guard('tenants'));
  registerReviewQueueRoutes(app, deps, guard('review'));
  registerReviewCaseRoutes(app, deps, guard('review'));
  registerConversationRoutes(app, deps, guard('conversations'));
  registerStatsRoutes(app, deps, guard('stats'));
  registerPoolReviewRoutes(app, deps, guard('pool'));
  registerPoolCoverageRoutes(app, deps, guard('pool-coverage'));
  registerPrivacyConsoleRoutes(app, deps, {
    register: guard('privacy'),
    accessLog: guard('access-log'),
    minors: guard('privacy-minors'),
  });
  registerNotificationFailureRoutes(app, deps, guard('notifications'));
  registerSweepRoutes(app, deps, guard('sweeps'));
  registerComplianceRoutes(app, deps, guard('compliance'));
  registerIncidentRoutes(app, deps, guard('incidents'));

  return set.mount();
}

// Only paths inside the console: an open redirect to another site would make the sign-in page a phishing tool.
function safeNext(next: string): string {
  return next.startsWith(`${BASE}/`) && !next.startsWith('//') && !/[\\\r\n]/.test(next) ? next : '';
}
