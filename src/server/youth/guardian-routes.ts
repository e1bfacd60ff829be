import { Hono, type MiddlewareHandler } from 'hono';
import { AppError } from '../../lib/index.js';
import type { GuardianSettings } from '../../policy/index.js';
import {
  answerRequest,
  childIds,
  createGuardian,
  findGuardianSession,
  getGuardianSettings,
  getMinorById,
  issueGuardianSignInCode,
  listAuditEvents,
  listGuardianAlerts,
  listGuardianMinors,
  listGuardianRequests,
  listMinorGuardians,
  logAccess,
  markGuardianAlertRead,
  redeemBindingCode,
  reverifyGuardian,
  requireBinding,
  setMinorLock,
  signInGuardian,
  signInGuardianWithCode,
  signOutGuardian,
  unbindGuardian,
  updateGuardianSettings,
  weeklyReport,
  type GuardianSession,
  type GuardianSignInResult,
  NOTIFY_CHANNELS,
  getNotifyChoices,
  listGuardianNotifications,
  retryGuardianNotification,
  setNotifyChoices,
} from '../../store/index.js';
import type { AppEnv } from '../app-env.js';
import { limitPublic } from '../public-limits.js';
import { readJson, validate } from '../request-body.js';
import type { ServiceDeps } from '../service-deps.js';
import {
  alertJson,
  auditJson,
  boundMinorJson,
  guardianJson,
  iso,
  minorJson,
  purchaseJson,
  requestJson,
} from './json.js';
import { youthSchemas as s } from './schemas.js';

/** Context variables of the guardian API: the session the bearer token opened. */
export interface GuardianEnv {
  Variables: AppEnv['Variables'] & { guardianSession: GuardianSession };
}

/** Turns a sign-in result into the session answer or a coded error (locked accounts say until when). */
function sessionOrThrow(result: GuardianSignInResult, c: { header(name: string, value: string): void }, now: number) {
  if (result.ok) {
    return {
      token: result.session.token,
      expiresAt: iso(result.session.expiresAt),
      guardian: guardianJson(result.session.guardian),
    };
  }
  if (result.reason === 'locked') {
    const seconds = Math.max(1, Math.ceil((result.lockedUntil - now) / 1000));
    c.header('Retry-After', String(seconds));
    throw new AppError('rate_limited', 'Too many failed sign-ins; the account is locked for a while.', [
      { path: 'retryAfter', message: `retry after ${seconds} s` },
    ]);
  }
  throw new AppError('unauthenticated', 'The phone number or e-mail, password or code is not right.');
}

/**
 * A new one-time code for the account, or undefined: no such account, or a code went out less than a minute ago (that one
 * is still good). Both look the same to the caller, so asking for codes does not tell who has an account.
 */
async function issueFreshCode(
  db: ServiceDeps['store']['db'],
  identifier: string,
  now: number,
): Promise<Awaited<ReturnType<typeof issueGuardianSignInCode>>> {
  try {
    return await issueGuardianSignInCode(db, identifier, now);
  } catch (error) {
    if (error instanceof AppError && error.code === 'rate_limited') return undefined;
    throw error;
  }
}

/**
 * The guardian API under /v1/guardian: accounts and sign-in (password or one-time code through the notifier), then,
 * with `Authorization: Bearer qgs_…`, binding, settings, requests, lock, reports, alerts and the audit trail.
 */
export function createGuardianRoutes(deps: ServiceDeps): Hono<GuardianEnv> {
  const api = new Hono<GuardianEnv>();
  const db = deps.store.db;

  const signedIn: MiddlewareHandler<GuardianEnv> = async (c, next) => {
    const header = c.req.header('authorization');
    const token = header?.startsWith('Bearer ') === true ? header.slice('Bearer '.length).trim() : '';
    const session = token === '' ? null : await findGuardianSession(db, token, deps.clock());
    if (session === null) {
      throw new AppError('unauthenticated', 'A guardian session is required: sign in with POST /v1/guardian/sessions.');
    }
    c.set('guardianSession', session);
    await next();
  };
  const me = (c: { var: GuardianEnv['Variables'] }): string => c.var.guardianSession.guardian.id;

  // A parent reading a child's data through an app is a person's read, logged as the portal's pages are (channel api).
  api.use('/guardian/minors/:minorId/*', async (c, next) => {
    await next();
    const session = c.var.guardianSession as GuardianSession | undefined;
    if (c.req.method !== 'GET' || c.res.status !== 200 || session === undefined) return;
    const minorId = c.req.param('minorId');
    const child = await childIds(db, minorId).catch(() => undefined);
    if (child === undefined) return;
    await logAccess(
      db,
      {
        tenantId: child.tenantId,
        actor: `guardian:${session.guardian.id}`,
        channel: 'api',
        action: 'view',
        subjectKind: 'minor',
        subjectId: minorId,
        minorId,
        minorInvolved: true,
      },
      deps.clock(),
    );
  });

  // Sign-up, codes and sign-in cost a password hash or a message to someone's phone: limited per client address.
  api.post('/guardian/accounts', async (c) => {
    await limitPublic(c, deps, 'guardian_auth');
    const input = validate(s.guardianCreate, await readJson(c));
    const guardian = await createGuardian(db, input, deps.clock());
    return c.json(guardianJson(guardian), 201);
  });

  api.post('/guardian/sign-in-codes', async (c) => {
    await limitPublic(c, deps, 'guardian_auth');
    const input = validate(s.signInCodeCreate, await readJson(c));
    const issued = await issueFreshCode(db, input.identifier, deps.clock());
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
        throw new AppError('unavailable', 'The code could not be sent; try again later.');
      }
    }
    // The same answer whether or not the account exists, so the endpoint does not tell who has one.
    return c.json({ status: 'accepted' as const }, 202);
  });

  api.post('/guardian/sessions', async (c) => {
    await limitPublic(c, deps, 'guardian_auth');
    const input = validate(s.sessionCreate, await readJson(c));
    const now = deps.clock();
    const result =
      'password' in input
        ? await signInGuardian(db, input, now)
        : await signInGuardianWithCode(db, { identifier: input.identifier, code: input.code }, now);
    return c.json(sessionOrThrow(result, c, now), 201);
  });

  api.delete('/guardian/sessions/current', signedIn, async (c) => {
    await signOutGuardian(db, c.var.guardianSession.token);
    return c.json({ ok: true as const });
  });

  api.get('/guardian/me', signedIn, (c) => c.json(guardianJson(c.var.guardianSession.guardian)));

  api.get('/guardian/minors', signedIn, async (c) => {
    const minors = await listGuardianMinors(db, me(c), deps.clock());
    return c.json({ minors: minors.map(boundMinorJson) });
  });

  api.post('/guardian/bindings', signedIn, async (c) => {
    const input = validate(s.bindingRedeem, await readJson(c));
    const bound = await redeemBindingCode(db, { guardianId: me(c), code: input.code }, deps.clock());
    return c.json(boundMinorJson(bound), 201);
  });

  api.get('/guardian/minors/:minorId/guardians', signedIn, async (c) => {
    await requireBinding(db, me(c), c.req.param('minorId'));
    const guardians = await listMinorGuardians(db, c.req.param('minorId'));
    return c.json({ guardians: guardians.map((g) => ({ ...g, boundAt: iso(g.boundAt) })) });
  });

  api.delete('/guardian/minors/:minorId/guardians/:guardianId', signedIn, async (c) => {
    await unbindGuardian(
      db,
      { actorGuardianId: me(c), minorId: c.req.param('minorId'), guardianId: c.req.param('guardianId') },
      deps.clock(),
    );
    return c.json({ ok: true as const });
  });

  api.get('/guardian/minors/:minorId/settings', signedIn, async (c) => {
    const view = await getGuardianSettings(db, { guardianId: me(c), minorId: c.req.param('minorId') }, deps.clock());
    return c.json(settingsJson(view));
  });

  api.put('/guardian/minors/:minorId/settings', signedIn, async (c) => {
    const settings = validate(s.guardianSettings, await readJson(c)) as GuardianSettings;
    const view = await updateGuardianSettings(
      db,
      { guardianId: me(c), minorId: c.req.param('minorId'), settings },
      deps.clock(),
    );
    return c.json(settingsJson(view));
  });

  for (const [action, locked] of [
    ['lock', true],
    ['unlock', false],
  ] as const) {
    api.post(`/guardian/minors/:minorId/${action}`, signedIn, async (c) => {
      const minor = await setMinorLock(
        db,
        { guardianId: me(c), minorId: c.req.param('minorId'), locked },
        deps.clock(),
      );
      return c.json(minorJson(minor));
    });
  }

  api.get('/guardian/minors/:minorId/report', signedIn, async (c) => {
    const query = validate(s.reportQuery, c.req.query(), 'query');
    const report = await weeklyReport(
      db,
      { guardianId: me(c), minorId: c.req.param('minorId'), weekStart: query.week },
      deps.clock(),
    );
    return c.json({ ...report, days: [...report.days], requests: report.requests.map(requestJson) });
  });

  api.get('/guardian/minors/:minorId/audit', signedIn, async (c) => {
    const query = validate(s.auditQuery, c.req.query(), 'query');
    const binding = await requireBinding(db, me(c), c.req.param('minorId'));
    const minor = await getMinorById(db, binding.minorId, deps.clock());
    const events = await listAuditEvents(db, {
      tenantId: minor.tenantId,
      minorId: binding.minorId,
      beforeId: query.before,
      limit: query.limit,
    });
    return c.json({ events: events.map(auditJson) });
  });

  api.get('/guardian/requests', signedIn, async (c) => {
    const query = validate(s.requestQuery, c.req.query(), 'query');
    const requests = await listGuardianRequests(db, { guardianId: me(c), ...query }, deps.clock());
    return c.json({ requests: requests.map(requestJson) });
  });

  api.post('/guardian/requests/:id', signedIn, async (c) => {
    const input = validate(s.requestAnswer, await readJson(c));
    // Leaving youth mode cannot be undone from here: its approval checks the password or a one-time code again.
    let exitVerified = false;
    if (input.approve && (input.password !== undefined || input.code !== undefined)) {
      const now = deps.clock();
      const checked = await reverifyGuardian(db, me(c), { password: input.password, code: input.code }, now);
      if (!checked.ok && checked.reason === 'locked') sessionOrThrow(checked, c, now);
      if (!checked.ok) {
        throw new AppError('forbidden', 'The password or code is not right.', [
          { path: input.password !== undefined ? 'password' : 'code', message: 'wrong' },
        ]);
      }
      exitVerified = true;
    }
    const outcome = await answerRequest(
      db,
      { guardianId: me(c), requestId: c.req.param('id'), approve: input.approve, note: input.note, exitVerified },
      deps.clock(),
    );
    deps.webhooks.wake();
    return c.json({
      request: requestJson(outcome.request),
      ...(outcome.grantedSeconds === undefined ? {} : { grantedSeconds: outcome.grantedSeconds }),
      ...(outcome.purchase === undefined ? {} : { purchase: purchaseJson(outcome.purchase) }),
    });
  });

  api.get('/guardian/alerts', signedIn, async (c) => {
    const query = validate(s.alertQuery, c.req.query(), 'query');
    const alerts = await listGuardianAlerts(db, {
      guardianId: me(c),
      unreadOnly: query.unread === 'true',
      limit: query.limit,
    });
    return c.json({ alerts: alerts.map(alertJson) });
  });

  api.post('/guardian/alerts/:id/read', signedIn, async (c) => {
    const found = await markGuardianAlertRead(db, me(c), c.req.param('id'), deps.clock());
    if (!found) throw new AppError('not_found', `No alert ${c.req.param('id')}.`);
    return c.json({ ok: true as const });
  });

  // Notifications: how alerts reach the guardian besides the inbox, and whether the recent ones arrived.
  const channelsOffered = NOTIFY_CHANNELS.filter((ch) => ch !== 'email' || deps.config.smtpUrl !== undefined);
  const notificationsJson = async (guardianId: string) => ({
    choices: await getNotifyChoices(db, guardianId),
    channelsOffered,
    recent: (await listGuardianNotifications(db, { guardianId, limit: 50 })).map((n) => ({
      id: n.id,
      alertId: n.alertId,
      minorRef: n.minorRef,
      categories: n.categories,
      channel: n.channel,
      address: n.address,
      status: n.status,
      attempts: n.attempts,
      nextAttemptAt: iso(n.nextAttemptAt),
      createdAt: iso(n.createdAt),
      deliveredAt: n.deliveredAt === null ? null : iso(n.deliveredAt),
    })),
  });

  api.get('/guardian/notifications', signedIn, async (c) => c.json(await notificationsJson(me(c))));

  api.put('/guardian/notifications/choices', signedIn, async (c) => {
    const input = validate(s.notifyChoicesPut, await readJson(c));
    if (input.channels.includes('email') && !channelsOffered.includes('email')) {
      throw new AppError('validation_failed', 'This service sends no e-mail (no SMTP_URL).', [
        { path: 'channels', message: 'email_unavailable' },
      ]);
    }
    return c.json(await setNotifyChoices(db, me(c), input));
  });

  api.post('/guardian/notifications/:id/retry', signedIn, async (c) => {
    const retried = await retryGuardianNotification(db, me(c), c.req.param('id'), deps.clock());
    if (!retried) throw new AppError('not_found', `No failed notification ${c.req.param('id')}.`);
    deps.notifications.wake();
    return c.json({ ok: true as const });
  });

  return api;
}

function settingsJson(view: Awaited<ReturnType<typeof getGuardianSettings>>) {
  return {
    minor: minorJson(view.minor),
    settings: view.settings,
    effective: view.effective as unknown as Record<string, unknown>,
    defaults: view.defaults as unknown as Record<string, unknown>,
  };
}
