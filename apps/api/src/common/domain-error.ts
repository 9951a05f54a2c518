/**
 * Domain errors carry a code; services throw them and never an HTTP exception.
 * One filter (api-exception.filter.ts) maps codes to HTTP statuses.
 */
export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string) {
    super('NOT_FOUND', `${entity} not found`);
  }
}

export class ValidationFailedError extends DomainError {
  constructor(errors: FieldError[], message = 'Validation failed') {
    super('VALIDATION_FAILED', message, errors);
  }
}

/** A single bad field, e.g. an unknown id inside a body. */
export function invalidField(field: string, message: string): ValidationFailedError {
  return new ValidationFailedError([{ field, message }], `${field}: ${message}`);
}

export class ConflictError extends DomainError {}

/** What keeps a document from becoming an e-invoice (libs/invoicing `einvoiceProblems`). */
export interface ProblemDetail {
  code: string;
  field: string;
  message: string;
}

/** A 409 whose code is the first of several problems, all listed in the body's `problems`. */
export class ProblemsConflictError extends ConflictError {
  constructor(
    message: string,
    readonly problems: readonly ProblemDetail[],
  ) {
    super(problems[0]?.code ?? 'CONFLICT', message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication required') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Not allowed') {
    super('FORBIDDEN', message);
  }
}

/** HTTP status per code; any other code is a state conflict (409). */
export const STATUS_BY_CODE: Record<string, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  PDF_RENDER_FAILED: 503,
  /** an import connector's tool refused or failed (issue #19) */
  CONNECTOR_PULL_FAILED: 502,
};

export function statusForCode(code: string): number {
  return STATUS_BY_CODE[code] ?? 409;
}
