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

/**
 * Sends one-time codes to guardians. No SMS gateway is built in: a deployment points the webhook notifier at its own
 * SMS or e-mail sender, and development uses the log notifier.
 */
export interface Notifier {
  /** Which implementation this is, for the start-up log. */
  readonly kind: 'log' | 'webhook';
  sendSignInCode(message: SignInCodeMessage): Promise<void>;
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
  };
}

/**
 * Production: POSTs `{"type": "guardian.sign_in_code", "to", "code", "expiresAt"}` to the deployment's own sender,
 * signed like webhooks (`X-Qinglang-Timestamp`, `X-Qinglang-Signature: sha256=HMAC(secret, timestamp.body)`). A non-2xx
 * answer or no answer within `timeoutMs` throws, so the guardian is told the code could not be sent.
 */
export function createWebhookNotifier(options: {
  readonly url: string;
  readonly secret: string;
  readonly timeoutMs: number;
  readonly clock: () => number;
}): Notifier {
  return {
    kind: 'webhook',
    async sendSignInCode(message) {
      const body = JSON.stringify({
        type: 'guardian.sign_in_code',
        to: message.identifier,
        code: message.code,
        expiresAt: new Date(message.expiresAt).toISOString(),
      });
      const timestamp = String(Math.floor(options.clock() / 1000));
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-qinglang-event': 'guardian.sign_in_code',
          'x-qinglang-timestamp': timestamp,
          'x-qinglang-signature': signWebhookBody(options.secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`the notifier answered HTTP ${response.status}`);
    },
  };
}
