/**
 * The one error hierarchy of Chronos. Domain code throws these; only the API's error handler maps them to
 * HTTP statuses. `message` is internal (logs); `detail` is safe to show to a client.
 */
export type AppErrorOptions = {
  detail?: string;
  meta?: Record<string, unknown>;
  cause?: unknown;
};

export abstract class AppError extends Error {
  abstract readonly code: string;
  readonly detail: string;
  readonly meta: Record<string, unknown>;

  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.detail = options.detail ?? message;
    this.meta = options.meta ?? {};
  }
}

export type FieldIssue = { path: string; message: string };

/** Input that breaks a rule a person can fix. */
export class ValidationError extends AppError {
  readonly code: string;
  readonly issues: FieldIssue[];
  constructor(message: string, options: AppErrorOptions & { code?: string; issues?: FieldIssue[] } = {}) {
    super(message, options);
    this.code = options.code ?? 'VALIDATION_FAILED';
    this.issues = options.issues ?? [];
  }
}

export class NotFoundError extends AppError {
  readonly code: string;
  constructor(message: string, options: AppErrorOptions & { code?: string } = {}) {
    super(message, options);
    this.code = options.code ?? 'NOT_FOUND';
  }
}

export class ConflictError extends AppError {
  readonly code: string;
  constructor(message: string, options: AppErrorOptions & { code?: string } = {}) {
    super(message, options);
    this.code = options.code ?? 'CONFLICT';
  }
}

/** The operation is valid in general but not in the current state. */
export class PreconditionFailedError extends AppError {
  readonly code: string;
  constructor(message: string, options: AppErrorOptions & { code?: string } = {}) {
    super(message, options);
    this.code = options.code ?? 'PRECONDITION_FAILED';
  }
}

/** A dependency (database, Redis, CoreHub) did not answer or answered wrongly. */
export class UpstreamError extends AppError {
  readonly code: string;
  readonly retryable: boolean;
  constructor(message: string, options: AppErrorOptions & { code?: string; retryable?: boolean } = {}) {
    super(message, options);
    this.code = options.code ?? 'UPSTREAM_UNAVAILABLE';
    this.retryable = options.retryable ?? true;
  }
}

export class AuthenticationError extends AppError {
  readonly code: string;
  constructor(message: string, options: AppErrorOptions & { code?: string } = {}) {
    super(message, options);
    this.code = options.code ?? 'UNAUTHENTICATED';
  }
}

export class ForbiddenError extends AppError {
  readonly code: string;
  constructor(message: string, options: AppErrorOptions & { code?: string } = {}) {
    super(message, options);
    this.code = options.code ?? 'FORBIDDEN';
  }
}

/**
 * The request itself is unusable for a reason other than its body's fields (a required header missing or
 * malformed); field validation stays `ValidationError`.
 */
export class BadRequestError extends AppError {
  readonly code: string;
  constructor(message: string, options: AppErrorOptions & { code?: string } = {}) {
    super(message, options);
    this.code = options.code ?? 'BAD_REQUEST';
  }
}

/** The caller must wait before trying again (e.g. too many failed authentications). */
export class TooManyRequestsError extends AppError {
  readonly code: string;
  readonly retryAfterSeconds: number;
  constructor(message: string, options: AppErrorOptions & { code?: string; retryAfterSeconds: number }) {
    super(message, options);
    this.code = options.code ?? 'TOO_MANY_REQUESTS';
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A configuration value is missing or wrong; `issues` names each variable. */
export class ConfigError extends AppError {
  readonly code = 'CONFIG_INVALID';
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    super(`invalid configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.issues = issues;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** For exhaustive switches: the compiler proves this is unreachable. */
export function assertNever(value: never, message = 'unexpected value'): never {
  throw new Error(`${message}: ${String(value)}`);
}
