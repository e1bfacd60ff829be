import type { Logger } from 'pino';
import { signWebhookBody } from '../webhooks-dispatcher.js';

/** A one-time sign-in code on its way to a guardian. */
export interface SignInCodeMessage {
  readonly guardianId: string;
  /** The phone number or e-mail address to send it to. */
  readonly identifier: string;
  readonly code: string;
  readonly expiresAt: number;
}

/** A safety alert on its way to a guardian through the deployment's sender (the `message` channel). */
export interface AlertMessage {
  readonly guardianId: string;
  /** The account's phone number or e-mail address. */
  readonly identifier: string;
  /** The notification's id: the same on every retry, so a sender can drop a duplicate. */
  readonly notificationId: string;
  readonly alertId: string;
  readonly minorRef: string;
  readonly categories: readonly string[];
  readonly alertCreatedAt: number;
  /** The alert in the guardian portal. */
  readonly url: string;
  /** A short text for an SMS or a push message, Chinese with English beside it, ready to send as it is. */
  readonly text: string;
}

/**
 * Sends guardians their one-time codes and their alerts. No SMS gateway is built in: a deployment points the webhook
 * notifier at its own SMS, push or e-mail sender, and development uses the log notifier. (Alert e-mails go over SMTP
 * instead when the guardian chose e-mail: see `createSmtpMailer`.)
 */
export interface Notifier {
  /** Which implementation this is, for the start-up log. */
  readonly kind: 'log' | 'webhook';
  sendSignInCode(message: SignInCodeMessage): Promise<void>;
  /** Throws when the alert was not accepted, so it is retried. */
  sendAlert(message: AlertMessage): Promise<void>;
}

/** Development: writes the code to the log (a warning, so it shows at the default level). Never use it in production. */
export function createLogNotifier(log: Logger): Notifier {
  return {
    kind: 'log',
    sendSignInCode(message) {
      log.warn(
        {
          guardianId: message.guardianId,
          to: message.identifier,
          code: message.code,
          expiresAt: new Date(message.expiresAt).toISOString(),
        },
        'development notifier: guardian sign-in code (set GUARDIAN_NOTIFY_URL to send codes for real)',
      );
      // The service's log is buffered; a code is only useful now.
      log.flush();
      return Promise.resolve();
    },
    sendAlert(message) {
      log.warn(
        { guardianId: message.guardianId, to: message.identifier, alert: message.alertId, text: message.text },
        'development notifier: guardian alert (set GUARDIAN_NOTIFY_URL to send alerts for real)',
      );
      return Promise.resolve();
    },
  };
}

/**
 * Production: POSTs `{"type": "guardian.sign_in_code", "to", "code", "expiresAt"}` and
 * `{"type": "guardian.alert", "id", "to", "guardianId", "alert": {"id", "minorRef", "categories", "createdAt", "url"}, "text"}`
 * to the deployment's own sender, signed like webhooks (`X-Qinglang-Timestamp`,
 * `X-Qinglang-Signature: sha256=HMAC(secret, timestamp.body)`). A non-2xx answer or no answer within `timeoutMs` throws:
 * the guardian is told the code could not be sent, and an alert is retried.
 */
export function createWebhookNotifier(options: {
  readonly url: string;
  readonly secret: string;
  readonly timeoutMs: number;
  readonly clock: () => number;
}): Notifier {
  const send = async (type: string, payload: Record<string, unknown>): Promise<void> => {
    const body = JSON.stringify({ type, ...payload });
    const timestamp = String(Math.floor(options.clock() / 1000));
    const response = await fetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-qinglang-event': type,
        'x-qinglang-timestamp': timestamp,
        'x-qinglang-signature': signWebhookBody(options.secret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`the notifier answered HTTP ${response.status}`);
  };
  return {
    kind: 'webhook',
    sendSignInCode: (message) =>
      send('guardian.sign_in_code', {
        to: message.identifier,
        code: message.code,
        expiresAt: new Date(message.expiresAt).toISOString(),
      }),
    sendAlert: (message) =>
      send('guardian.alert', {
        id: message.notificationId,
        to: message.identifier,
        guardianId: message.guardianId,
        alert: {
          id: message.alertId,
          minorRef: message.minorRef,
          categories: message.categories,
          createdAt: new Date(message.alertCreatedAt).toISOString(),
          url: message.url,
        },
        text: message.text,
      }),
  };
}
