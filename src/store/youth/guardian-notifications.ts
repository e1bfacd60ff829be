import { AppError, type ErrorDetail } from '../../lib/index.js';
import { isClockTime, localTimeOf } from '../../policy/index.js';
import type { Category } from '../../engine/index.js';
import { claimDueIds, markOutboxDelivered, markOutboxFailed, type OutboxStatus } from '../outbox.js';
import { newId, parseJson, type Db } from './youth-core.js';

/** What alerts a minor's guardians when it is flagged aimed at the minor: the conduct tier of DESIGN.md (abuse, grooming, fraud, contact_offplatform, doxxing, crime_solicitation, personal_info) and self-harm; personal_info also when the child exposes their own. */
export const ALERT_CATEGORIES = [
  'grooming',
  'contact_offplatform',
  'fraud',
  'self_harm',
  'abuse',
  'doxxing',
  'crime_solicitation',
  'personal_info',
] as const satisfies readonly Category[];
export type AlertCategory = (typeof ALERT_CATEGORIES)[number];

/**
 * How an alert reaches a guardian besides the portal's inbox: `message` goes through the deployment's own sender (the
 * notifier, which also carries sign-in codes) to the account's phone number or e-mail address; `email` is sent over SMTP to
 * the address the guardian chose.
 */
export const NOTIFY_CHANNELS = ['message', 'email'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/** Alert kinds that are sent at once even in quiet hours: a child who may hurt themself cannot wait for the morning. */
export const URGENT_ALERT_CATEGORIES = ['self_harm'] as const satisfies readonly AlertCategory[];

/** A guardian's notification choices. */
export interface NotifyChoices {
  /** Empty: alerts stay in the portal's inbox only. */
  readonly channels: readonly NotifyChannel[];
  /** Where `email` notifications go; null until the guardian gives one. */
  readonly email: string | null;
  /** The alert categories that notify (an alert with any of them does). */
  readonly kinds: readonly AlertCategory[];
  /** Asia/Shanghai `HH:MM` times between which notifications wait (may cross midnight); urgent kinds never wait. */
  readonly quietHours: { readonly from: string; readonly to: string } | null;
}

/** One notification as the guardian sees it in the portal. */
export interface GuardianNotification {
  readonly id: string;
  readonly alertId: string;
  readonly channel: NotifyChannel;
  readonly address: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly deliveredAt: number | null;
}

/** A notification with the alert it carries: what the dispatcher writes and the portal lists. */
export interface ClaimedNotification extends GuardianNotification {
  readonly guardianId: string;
  readonly tenantId: string;
  readonly minorRef: string;
  readonly categories: readonly string[];
  readonly alertCreatedAt: number;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/;

/** The choices of a guardian who never set any: every kind, through the deployment's sender, at any hour. */
export const DEFAULT_NOTIFY_CHOICES: NotifyChoices = {
  channels: ['message'],
  email: null,
  kinds: ALERT_CATEGORIES,
  quietHours: null,
};

function readChoices(json: string): NotifyChoices {
  const stored = parseJson<Partial<NotifyChoices>>(json, {});
  return { ...DEFAULT_NOTIFY_CHOICES, ...stored };
}

/**
 * Checks choices as a guardian sends them and returns them normalized (e-mail lower-cased and trimmed, lists without
 * repeats). Every problem is a detail of one `validation_failed`: `channel_unknown`, `kind_unknown`, `email_required`
 * (e-mail chosen without an address), `email_invalid`, `kinds_empty` (notifications on, no kind), `quiet_hours_invalid`.
 */
export function checkNotifyChoices(input: {
  readonly channels: readonly string[];
  readonly email: string | null;
  readonly kinds: readonly string[];
  readonly quietHours: { readonly from: string; readonly to: string } | null;
}): NotifyChoices {
  const details: ErrorDetail[] = [];
  const channels = [...new Set(input.channels)];
  for (const c of channels) {
    if (!(NOTIFY_CHANNELS as readonly string[]).includes(c))
      details.push({ path: 'channels', message: 'channel_unknown' });
  }
  const kinds = [...new Set(input.kinds)];
  for (const k of kinds) {
    if (!(ALERT_CATEGORIES as readonly string[]).includes(k)) details.push({ path: 'kinds', message: 'kind_unknown' });
  }
  if (channels.length > 0 && kinds.length === 0) details.push({ path: 'kinds', message: 'kinds_empty' });
  const emailText = input.email?.normalize('NFKC').trim() ?? '';
  const email = emailText === '' ? null : emailText.toLowerCase();
  if (email !== null && (!EMAIL.test(email) || email.length > 254)) {
    details.push({ path: 'email', message: 'email_invalid' });
  } else if (email === null && channels.includes('email')) {
    details.push({ path: 'email', message: 'email_required' });
  }
  const quiet = input.quietHours;
  if (quiet !== null && (!isClockTime(quiet.from) || !isClockTime(quiet.to) || quiet.from === quiet.to)) {
    details.push({ path: 'quietHours', message: 'quiet_hours_invalid' });
  }
  if (details.length > 0) {
    throw new AppError(
      'validation_failed',
      'Notification choices: known channels and alert kinds, an e-mail address for e-mail, quiet hours as two different HH:MM times.',
      details,
    );
  }
  return {
    channels: NOTIFY_CHANNELS.filter((c) => channels.includes(c)),
    email,
    kinds: ALERT_CATEGORIES.filter((k) => kinds.includes(k)),
    quietHours: quiet === null ? null : { from: quiet.from, to: quiet.to },
  };
}

/** A guardian's notification choices (the defaults when none were set); `not_found` for an unknown guardian. */
export async function getNotifyChoices(db: Db, guardianId: string): Promise<NotifyChoices> {
  const row = await db.selectFrom('guardians').select('notifyChoices').where('id', '=', guardianId).executeTakeFirst();
  if (row === undefined) throw new AppError('not_found', `No guardian ${guardianId}.`);
  return readChoices(row.notifyChoices);
}

/** Checks (see `checkNotifyChoices`) and stores a guardian's notification choices; returns what was stored. */
export async function setNotifyChoices(
  db: Db,
  guardianId: string,
  input: Parameters<typeof checkNotifyChoices>[0],
): Promise<NotifyChoices> {
  const choices = checkNotifyChoices(input);
  const result = await db
    .updateTable('guardians')
    .set({ notifyChoices: JSON.stringify(choices) })
    .where('id', '=', guardianId)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new AppError('not_found', `No guardian ${guardianId}.`);
  return choices;
}

const minuteOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/**
 * When a notification raised at `now` may go out: `now`, or the end of the guardian's quiet hours (Asia/Shanghai) when
 * `now` falls inside them. A window may cross midnight (22:00–07:00).
 */
export function quietHoursEnd(quiet: NotifyChoices['quietHours'], now: number): number {
  if (quiet === null) return now;
  const local = localTimeOf(new Date(now));
  const minute = Math.floor(local.secondOfDay / 60);
  const from = minuteOf(quiet.from);
  const to = minuteOf(quiet.to) % 1440;
  const inside = from < to ? minute >= from && minute < to : minute >= from || minute < to;
  if (!inside) return now;
  const wait = (to - minute + 1440) % 1440;
  return now - (local.secondOfDay % 60) * 1000 - (now % 1000) + wait * 60_000;
}

/**
 * Queues the notifications of freshly raised alerts, in the caller's transaction (the one that writes the alerts), so an
 * alert is never committed without them: for each alert, one row per channel its guardian chose, when the guardian chose
 * one of its categories. Quiet hours put off all but urgent kinds. Without `emailAllowed` (a child under 14 whose guardian
 * gave no `email_alerts` consent) no e-mail is queued; the other channels go on. Returns how many were queued.
 */
export async function enqueueAlertNotifications(
  trx: Db,
  alerts: readonly { readonly id: string; readonly guardianId: string }[],
  categories: readonly string[],
  now: number,
  options: { readonly emailAllowed: boolean } = { emailAllowed: true },
): Promise<number> {
  if (alerts.length === 0) return 0;
  const guardians = await trx
    .selectFrom('guardians')
    .select(['id', 'identifier', 'notifyChoices'])
    .where(
      'id',
      'in',
      alerts.map((a) => a.guardianId),
    )
    .execute();
  const byId = new Map(guardians.map((g) => [g.id, g]));
  const urgent = categories.some((c) => (URGENT_ALERT_CATEGORIES as readonly string[]).includes(c));
  const rows = alerts.flatMap((alert) => {
    const guardian = byId.get(alert.guardianId);
    if (guardian === undefined) return [];
    const choices = readChoices(guardian.notifyChoices);
    if (!categories.some((c) => (choices.kinds as readonly string[]).includes(c))) return [];
    const due = urgent ? now : quietHoursEnd(choices.quietHours, now);
    return choices.channels.flatMap((channel) => {
      const address = channel === 'email' ? choices.email : guardian.identifier;
      if (address === null || (channel === 'email' && !options.emailAllowed)) return [];
      return [
        {
          id: newId('ntf'),
          guardianId: alert.guardianId,
          alertId: alert.id,
          channel,
          address,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: due,
          lastError: null,
          createdAt: now,
          deliveredAt: null,
        },
      ];
    });
  });
  if (rows.length > 0) await trx.insertInto('guardianNotifications').values(rows).execute();
  return rows.length;
}

type NotificationRow = {
  readonly id: string;
  readonly alertId: string;
  readonly channel: string;
  readonly address: string;
  readonly status: string;
  readonly attempts: number;
  readonly nextAttemptAt: number | string;
  readonly lastError: string | null;
  readonly createdAt: number | string;
  readonly deliveredAt: number | string | null;
};

function toNotification(row: NotificationRow): GuardianNotification {
  return {
    id: row.id,
    alertId: row.alertId,
    channel: row.channel as NotifyChannel,
    address: row.address,
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    nextAttemptAt: Number(row.nextAttemptAt),
    lastError: row.lastError,
    createdAt: Number(row.createdAt),
    deliveredAt: row.deliveredAt === null ? null : Number(row.deliveredAt),
  };
}

/** Takes up to `limit` due notifications and reserves them like webhook deliveries (see `claimDueIds`). */
export async function claimDueNotifications(
  db: Db,
  options: { readonly now: number; readonly limit: number },
): Promise<readonly ClaimedNotification[]> {
  return db.transaction().execute(async (trx) => {
    const ids = await claimDueIds(trx, 'guardianNotifications', options);
    if (ids.length === 0) return [];
    return withAlerts(trx, (q) => q.where('n.id', 'in', ids).orderBy('n.createdAt').orderBy('n.id'));
  });
}

function withAlerts(
  db: Db,
  narrow: (q: ReturnType<typeof joinedQuery>) => ReturnType<typeof joinedQuery>,
): Promise<readonly ClaimedNotification[]> {
  return narrow(joinedQuery(db))
    .execute()
    .then((rows) =>
      rows.map((row) => ({
        ...toNotification(row),
        guardianId: row.guardianId,
        tenantId: row.tenantId,
        minorRef: row.minorRef,
        categories: parseJson<string[]>(row.categories, []),
        alertCreatedAt: Number(row.alertCreatedAt),
      })),
    );
}

function joinedQuery(db: Db) {
  return db
    .selectFrom('guardianNotifications as n')
    .innerJoin('guardianAlerts as a', 'a.id', 'n.alertId')
    .innerJoin('youthMinors as m', 'm.id', 'a.minorId')
    .selectAll('n')
    .select(['a.tenantId', 'a.categories', 'a.createdAt as alertCreatedAt', 'm.minorRef']);
}

/** Records a notification delivered. */
export async function markNotificationDelivered(db: Db, id: string, now: number): Promise<void> {
  await markOutboxDelivered(db, 'guardianNotifications', id, now);
}

/** Records a failed attempt: retried with the outbox's backoff, `failed` after its last attempt. */
export async function markNotificationFailed(
  db: Db,
  id: string,
  error: string,
  now: number,
): Promise<{ readonly status: OutboxStatus; readonly nextAttemptAt: number }> {
  return markOutboxFailed(db, 'guardianNotifications', id, error, now);
}

/** A guardian's notifications with their alerts, newest first (for the portal). */
export async function listGuardianNotifications(
  db: Db,
  query: { readonly guardianId: string; readonly limit?: number | undefined },
): Promise<readonly ClaimedNotification[]> {
  return withAlerts(db, (q) =>
    q
      .where('n.guardianId', '=', query.guardianId)
      .orderBy('n.createdAt', 'desc')
      .orderBy('n.id')
      .limit(query.limit ?? 50),
  );
}

/**
 * Sends a notification that gave up (`failed`) again from now, with a fresh round of retries: after the guardian fixed an
 * address, or the deployment its mail server. Returns false when the guardian has no such failed notification.
 */
export async function retryGuardianNotification(db: Db, guardianId: string, id: string, now: number): Promise<boolean> {
  return retryFailed(db, id, now, guardianId);
}

/**
 * The notifications an operator should look at, newest first: those that gave up (`failed`) and those still being retried
 * after a failed attempt, each with its last error and attempts, for the console. Across every tenant.
 */
export async function listNotificationFailures(
  db: Db,
  query: { readonly limit?: number | undefined } = {},
): Promise<readonly ClaimedNotification[]> {
  return withAlerts(db, (q) =>
    q
      .where((eb) =>
        eb.or([
          eb('n.status', '=', 'failed'),
          eb.and([eb('n.status', '=', 'pending'), eb('n.lastError', 'is not', null)]),
        ]),
      )
      .orderBy('n.createdAt', 'desc')
      .orderBy('n.id')
      .limit(query.limit ?? 100),
  );
}

/** An operator's retry of a `failed` notification of any guardian (see `retryGuardianNotification`); false when there is none. */
export async function retryFailedNotification(db: Db, id: string, now: number): Promise<boolean> {
  return retryFailed(db, id, now, undefined);
}

async function retryFailed(db: Db, id: string, now: number, guardianId: string | undefined): Promise<boolean> {
  let update = db
    .updateTable('guardianNotifications')
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now })
    .where('id', '=', id)
    .where('status', '=', 'failed');
  if (guardianId !== undefined) update = update.where('guardianId', '=', guardianId);
  const result = await update.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
