/** Every error the API answers with, by code; one filter maps codes to HTTP statuses. */
export enum ErrorCode {
  ValidationFailed = 'validation-failed',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not-found',
  EventNotAllowed = 'event-not-allowed',
  ConcurrentModification = 'concurrent-modification',
  IdempotencyKeyInProgress = 'idempotency-key-in-progress',
  PreconditionFailed = 'precondition-failed',
  RuleViolated = 'rule-violated',
  IdempotencyKeyReused = 'idempotency-key-reused',
  RateLimited = 'rate-limited',
  Conflict = 'conflict',
  SnapshotCorrupt = 'snapshot-corrupt',
  ServiceUnavailable = 'service-unavailable',
  Internal = 'internal',
}

export const ERROR_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.EventNotAllowed]: 409,
  [ErrorCode.ConcurrentModification]: 409,
  [ErrorCode.IdempotencyKeyInProgress]: 409,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.PreconditionFailed]: 412,
  [ErrorCode.RuleViolated]: 422,
  [ErrorCode.IdempotencyKeyReused]: 422,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.SnapshotCorrupt]: 500,
  [ErrorCode.ServiceUnavailable]: 503,
  [ErrorCode.Internal]: 500,
};

export const ERROR_TITLE: Record<ErrorCode, string> = {
  [ErrorCode.ValidationFailed]: 'The request is not valid',
  [ErrorCode.Unauthenticated]: 'Authentication required',
  [ErrorCode.Forbidden]: 'Not allowed',
  [ErrorCode.NotFound]: 'Not found',
  [ErrorCode.EventNotAllowed]: 'Event not allowed in the current state',
  [ErrorCode.ConcurrentModification]: 'Changed by another request',
  [ErrorCode.IdempotencyKeyInProgress]: 'A request with this Idempotency-Key is in progress',
  [ErrorCode.Conflict]: 'Conflict',
  [ErrorCode.PreconditionFailed]: 'The resource has changed since you read it',
  [ErrorCode.RuleViolated]: 'A program rule refuses this',
  [ErrorCode.IdempotencyKeyReused]: 'Idempotency-Key reused with another request',
  [ErrorCode.RateLimited]: 'Too many requests',
  [ErrorCode.SnapshotCorrupt]: 'Workflow instance cannot be restored',
  [ErrorCode.ServiceUnavailable]: 'The database is not reachable; try again',
  [ErrorCode.Internal]: 'Internal error',
};

export interface FieldError {
  field: string;
  message: string;
}

export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra members of the problem document (allowed events, reasons, field errors). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainException';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** `what` may carry what the client sent (an id, a code): shown printable and short. */
  static notFound(what: string): DomainException {
    return new DomainException(ErrorCode.NotFound, `${printable(what)} was not found`);
  }

  static invalid(errors: FieldError[]): DomainException {
    const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    return new DomainException(ErrorCode.ValidationFailed, detail, { errors });
  }
}

/**
 * Text a client sent, as an error message may quote it: control characters (a NUL, a newline)
 * written as \u escapes, and at most 120 characters.
 */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters are what it replaces
  const shown = text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown.length > 120 ? `${shown.slice(0, 119)}…` : shown;
}
