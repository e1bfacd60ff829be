import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

// Path segments that are secrets: a report's tracking code is its reporter's only key to the case, and the README
// promises that only its hash is kept. Each entry is a path prefix whose next segment is replaced.
const SECRET_SEGMENT_AFTER = ['/v1/reports/status/', '/report/status/'] as const;
// Query parameters that carry secrets (one-time setup links, binding codes, sign-in codes).
const SECRET_QUERY = /([?&](?:token|code|setupToken|bindingCode)=)[^&#]*/gi;

/** A request path (and query) as it may be logged: tracking codes, tokens and codes are replaced by `[redacted]`. */
export function redactPath(path: string): string {
  let out = path.replace(SECRET_QUERY, '$1[redacted]');
  for (const prefix of SECRET_SEGMENT_AFTER) {
    if (out.startsWith(prefix)) out = `${prefix}[redacted]${out.slice(prefix.length).replace(/^[^/?#]*/, '')}`;
  }
  return out;
}

/**
 * The service's logger: JSON lines through pino, with the one redaction rule applied to every line's `path` and `url`,
 * whoever logs them (the access log, a page's error log), so a secret in a URL never reaches the log.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      log(object: Record<string, unknown>): Record<string, unknown> {
        const out = { ...object };
        for (const key of ['path', 'url'] as const) {
          const value = out[key];
          if (typeof value === 'string') out[key] = redactPath(value);
        }
        return out;
      },
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
