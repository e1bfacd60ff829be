import { COMMON_MESSAGES } from './messages/common.js';
import { COMPLIANCE_MESSAGES } from './messages/compliance.js';
import { CONSOLE_MESSAGES } from './messages/console.js';
import { CONVERSATION_MESSAGES } from './messages/conversations.js';
import { GUARDIAN_MESSAGES } from './messages/guardian.js';
import { POOL_MESSAGES } from './messages/pool.js';
import { PRIVACY_MESSAGES } from './messages/privacy.js';
import type { Lang } from './messages/lang.js';
import { REPORT_MESSAGES } from './messages/report.js';
import { REVIEW_MESSAGES } from './messages/review.js';
import { SWEEP_MESSAGES } from './messages/sweeps.js';

export { LANGS, isLang, type Lang } from './messages/lang.js';

/**
 * The one message catalogue of every page set, one table a part so each stays readable. A key lives in exactly one table
 * (the catalogue test checks it), so a page set never shows another's text by accident.
 */
export const MESSAGE_TABLES = {
  common: COMMON_MESSAGES,
  console: CONSOLE_MESSAGES,
  review: REVIEW_MESSAGES,
  conversations: CONVERSATION_MESSAGES,
  report: REPORT_MESSAGES,
  guardian: GUARDIAN_MESSAGES,
  pool: POOL_MESSAGES,
  sweeps: SWEEP_MESSAGES,
  privacy: PRIVACY_MESSAGES,
  compliance: COMPLIANCE_MESSAGES,
} as const;

const MESSAGES = {
  ...COMMON_MESSAGES,
  ...CONSOLE_MESSAGES,
  ...REVIEW_MESSAGES,
  ...CONVERSATION_MESSAGES,
  ...REPORT_MESSAGES,
  ...GUARDIAN_MESSAGES,
  ...POOL_MESSAGES,
  ...SWEEP_MESSAGES,
  ...PRIVACY_MESSAGES,
  ...COMPLIANCE_MESSAGES,
} as const satisfies Record<string, Readonly<Record<Lang, string>>>;

export type MessageKey = keyof typeof MESSAGES;

/** Every message key, for the tests that check both languages are filled in. */
export const MESSAGE_KEYS = Object.keys(MESSAGES) as readonly MessageKey[];

/** True when the string is a message key (a `?done=` flash names one only through a page's own table). */
export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(MESSAGES, value);
}

/** The message in the language, with `{name}` placeholders filled from params. */
export function t(lang: Lang, key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  return fill(MESSAGES[key][lang], params);
}

/** Fills `{name}` placeholders from params; unknown ones stay visible. */
export function fill(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
