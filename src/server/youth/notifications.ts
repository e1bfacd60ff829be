import type { Logger } from 'pino';
import {
  claimDueNotifications,
  markNotificationDelivered,
  markNotificationFailed,
  type ClaimedNotification,
  type Store,
} from '../../store/index.js';
import { startOutboxDispatcher, type OutboxDispatcher } from '../outbox-dispatcher.js';
import { categoryLabel, t, type Lang } from '../web/index.js';
import type { Mailer, MailMessage } from './mailer.js';
import type { Notifier } from './notifier.js';

/** Where a guardian reads an alert in the portal. */
export function alertUrl(publicUrl: string, alertId: string): string {
  return `${publicUrl}/guardian/alerts/${encodeURIComponent(alertId)}`;
}

function paramsOf(n: ClaimedNotification, lang: Lang, url: string): Record<string, string> {
  return {
    minor: n.minorRef,
    category: n.categories.map((k) => categoryLabel(k, lang)).join(t(lang, 'list_separator')),
    url,
  };
}

/** The short text of an alert for an SMS or a push message: Chinese, then English. */
export function alertText(n: ClaimedNotification, url: string): string {
  // A child sharing their own details is a gentle note, not a warning of danger.
  const key = n.categories.every((c) => c === 'personal_info') ? 'notify_text_personal_info' : 'notify_text';
  return `${t('zh', key, paramsOf(n, 'zh', url))}\n${t('en', key, paramsOf(n, 'en', url))}`;
}

/** The e-mail of an alert: the subject and body in Chinese, then English. */
export function alertEmail(n: ClaimedNotification, url: string): MailMessage {
  const body = (lang: Lang) => t(lang, 'notify_email_body', paramsOf(n, lang, url));
  return {
    to: n.address,
    subject: `${t('zh', 'notify_email_subject', paramsOf(n, 'zh', url))} / ${t('en', 'notify_email_subject', paramsOf(n, 'en', url))}`,
    text: `${body('zh')}\n\n----\n\n${body('en')}\n`,
  };
}

/**
 * Sends guardians' alert notifications from their outbox: `message` through the notifier (the deployment's signed sender),
 * `email` through the mailer. A failure is retried with the outbox's backoff and logged; the last one is logged as an error
 * and shown to the guardian in the portal, who may send it again. Without a mailer an e-mail waits and retries, so a mail
 * server configured later still delivers it.
 */
export function startNotificationDispatcher(deps: {
  readonly store: Store;
  readonly clock: () => number;
  readonly log: Logger;
  readonly pollIntervalMs: number;
  readonly notifier: Notifier;
  readonly mailer: Mailer | undefined;
  readonly publicUrl: string;
}): OutboxDispatcher {
  const { store, clock, log } = deps;

  const send = async (n: ClaimedNotification): Promise<void> => {
    const url = alertUrl(deps.publicUrl, n.alertId);
    if (n.channel === 'email') {
      if (deps.mailer === undefined) throw new Error('e-mail is not configured (SMTP_URL)');
      await deps.mailer.send(alertEmail(n, url));
      return;
    }
    await deps.notifier.sendAlert({
      guardianId: n.guardianId,
      identifier: n.address,
      notificationId: n.id,
      alertId: n.alertId,
      minorRef: n.minorRef,
      categories: n.categories,
      alertCreatedAt: n.alertCreatedAt,
      url,
      text: alertText(n, url),
    });
  };

  const deliver = async (n: ClaimedNotification): Promise<void> => {
    try {
      await send(n);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const next = await markNotificationFailed(store.db, n.id, message, clock());
      const entry = {
        notification: n.id,
        alert: n.alertId,
        channel: n.channel,
        attempt: n.attempts + 1,
        error: message,
      };
      if (next.status === 'failed') log.error(entry, 'guardian notification failed for good; the guardian sees it');
      else log.warn({ ...entry, ...next }, 'guardian notification failed; it will be retried');
      return;
    }
    await markNotificationDelivered(store.db, n.id, clock());
  };

  return startOutboxDispatcher({
    name: 'guardian notification',
    clock,
    log,
    pollIntervalMs: deps.pollIntervalMs,
    claim: (now, limit) => claimDueNotifications(store.db, { now, limit }),
    deliver,
  });
}
