import type { Issue } from '@sluice/schemas';

/** Machine-readable error codes of the runtime, with their HTTP status. */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  invalid_id: 400,
  compile_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_file: 422,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/**
 * The one error class of the runtime: a code, its HTTP status, a message for people and
 * details for programs (validation issues with JSON paths and node ids, ...).
 * `onError` turns it into `{ error: { code, message, details } }`; anything else is a 500.
 *
 * @example
 * throw new SluiceError('not_found', `rule set ${id} does not exist`);
 * throw new SluiceError('validation_failed', 'body does not match ScoreRequest', issues);
 */
export class SluiceError extends Error {
  readonly code: ErrorCode;
  readonly status: (typeof ERROR_STATUS)[ErrorCode];
  readonly details: unknown;
  /** Extra response headers, e.g. Retry-After. */
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, details?: unknown, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'SluiceError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = details;
    this.headers = headers;
  }

  /** The response body (never a stack trace). */
  toBody(): ErrorBody {
    return this.details === undefined
      ? { error: { code: this.code, message: this.message } }
      : { error: { code: this.code, message: this.message, details: this.details } };
  }
}

/** A validation failure naming each problem's path (and node id when in a node). */
export function validationError(what: string, issues: Issue[]): SluiceError {
  return new SluiceError('validation_failed', `${what} is invalid: ${issues.map((i) => `${i.path} ${i.message}`).slice(0, 3).join('; ')}`, { issues });
}
