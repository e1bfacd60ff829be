/**
 * The one catalogue of error codes. Input a user can fix is an AppError with one of these codes; the server maps each code
 * to an HTTP status (server/errors.ts) and the CLI to an exit code. Bugs and outages throw ordinary errors instead.
 */
export const ERROR_CODES = {
  lexicon_invalid: 'The lexicon has errors; details lists every one with file, line and column.',
  lexicon_empty: 'The lexicon has no terms.',
  lexicon_too_large: 'A tenant lexicon would hold more terms than MAX_TENANT_TERMS allows.',
  model_invalid: 'The model file is damaged or of a format this version cannot read.',
  usage: 'The command line is not valid.',
  input_invalid: 'The input could not be read.',
  not_found: 'The thing asked for does not exist.',
  validation_failed: 'The request body or parameters are not valid.',
  malformed_json: 'The request body is not valid JSON.',
  payload_too_large: 'The request body is larger than allowed.',
  unauthenticated: 'A valid API key or session is required.',
  forbidden: 'The key or user lacks the scope or role for this.',
  rate_limited: 'Too many requests; retry after the time given.',
  conflict: 'The request conflicts with the current state.',
  config_invalid: 'A configuration variable is not valid.',
  policy_looser_than_law: 'A tenant policy would be looser than the law or the guides allow; details names the rule.',
  guardian_setting_out_of_bounds: 'A guardian setting is past the legal bound; details names the rule.',
  consent_required:
    "Processing a child's data beyond youth mode needs a guardian's recorded consent (children under 14); details names the purpose.",
  unavailable: 'The service is starting, shutting down or cannot reach its database.',
  chromium_missing: 'A PDF needs a headless Chromium and none was found; the HTML form needs none.',
  internal: 'An unexpected error occurred.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem found in user input, located where that makes sense. */
export interface ErrorDetail {
  readonly message: string;
  readonly source?: string;
  readonly line?: number;
  readonly column?: number;
  readonly path?: string;
  /** The policy rule a refused setting belongs to (youth mode). */
  readonly rule?: string;
}

/** An error the caller can fix, with a stable code and every problem found. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: readonly ErrorDetail[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: ErrorCode; message: string; details: readonly ErrorDetail[] } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** True when the value is an AppError (also across module copies). */
export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError || (value instanceof Error && value.name === 'AppError' && 'code' in value);
}
