import { createTransport } from 'nodemailer';

/** One e-mail: a subject and a plain-text body. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Sends e-mail; `close()` ends its connections. */
export interface Mailer {
  /** Resolves once the mail server accepted the message; throws when it refused it or could not be reached. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * Sends through an SMTP server (nodemailer): `smtp://` upgrades with STARTTLS when the server offers it, `smtps://` is TLS
 * from the start, credentials travel in the URL. Each step (connecting, greeting, every command) may take `timeoutMs`.
 */
export function createSmtpMailer(options: {
  readonly url: string;
  readonly from: string;
  readonly timeoutMs: number;
}): Mailer {
  const url = new URL(options.url);
  const transport = createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? (url.protocol === 'smtps:' ? 465 : 587) : Number(url.port),
    secure: url.protocol === 'smtps:',
    ...(url.username === ''
      ? {}
      : { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  return {
    async send(message) {
      const info = await transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
      // nodemailer resolves when some recipients were refused; this message has one, so that is a failure.
      if (info.rejected.length > 0) throw new Error(`the mail server refused the recipient: ${info.response}`);
    },
    close() {
      transport.close();
    },
  };
}
