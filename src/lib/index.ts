export { AppError, ERROR_CODES, isAppError } from './errors.js';
export type { ErrorCode, ErrorDetail } from './errors.js';
