import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, isAppError, type ErrorCode } from '../lib/index.js';

/** The only place that knows HTTP statuses: every error code maps to one, so a new code cannot go unmapped. */
export const HTTP_STATUS = {
  lexicon_invalid: 422,
  lexicon_empty: 422,
  lexicon_too_large: 422,
  model_invalid: 500,
  usage: 400,
  input_invalid: 400,
  not_found: 404,
  validation_failed: 400,
  malformed_json: 400,
  payload_too_large: 413,
  unauthenticated: 401,
  forbidden: 403,
  rate_limited: 429,
  conflict: 409,
  config_invalid: 500,
  policy_looser_than_law: 422,
  guardian_setting_out_of_bounds: 422,
  consent_required: 403,
  unavailable: 503,
  chromium_missing: 503,
  internal: 500,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

/** The JSON body of every error answer: `{"error": {"code", "message", "details"}}`. */
export interface ErrorBody {
  readonly error: ReturnType<AppError['toJSON']>;
}

/** The status for an error code. */
export function statusOf(code: ErrorCode): ContentfulStatusCode {
  return HTTP_STATUS[code];
}

/** Answers with the coded error; anything that is not an AppError is a bug or an outage and becomes `internal`. */
export function errorResponse(c: Context, error: unknown): Response {
  const appError = isAppError(error) ? error : new AppError('internal', 'An unexpected error occurred.');
  const body: ErrorBody = { error: appError.toJSON() };
  return c.json(body, statusOf(appError.code));
}
