import {
  AppError,
  AuthenticationError,
  assertNever,
  ConfigError,
  ConflictError,
  type FieldIssue,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  TooManyRequestsError,
  UpstreamError,
  ValidationError,
} from '@chronos/errors';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';
import { BadRequestHeaderError, UnsupportedMediaTypeError, UpgradeRequiredError } from './request-errors.js';

/**
 * THE error → HTTP map of Chronos (STYLE §5): every failure a route can produce ends here and leaves as
 * `application/problem+json`. Domain errors carry a category, never a status; this file alone decides the
 * status, title and `type` URI. Bad input is always a 4xx; a stack trace never leaves the process.
 */

type ProblemKind =
  | 'malformed-body'
  | 'body-too-large'
  | 'unsupported-media-type'
  | 'validation-failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'invalid-state'
  | 'upgrade-required'
  | 'too-many-requests'
  | 'service-unavailable'
  | 'internal-error';

type Classified = { kind: ProblemKind; code: string; detail: string; issues?: FieldIssue[] };

const PROBLEM_TYPE_BASE = 'https://chronos.gluesync.dev/problems/';

/** body-parser (express.json) marks its own failures with `type`; these are the client's fault. */
type BodyParserError = Error & { type?: string; status?: number; expose?: boolean };

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    error instanceof Error &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number'
  );
}

function classifyBodyParserError(error: BodyParserError): Classified {
  switch (error.type) {
    case 'entity.parse.failed':
      return {
        kind: 'malformed-body',
        code: 'MALFORMED_JSON',
        detail: 'The request body is not valid JSON (a JSON object is expected)',
      };
    case 'entity.too.large':
      return {
        kind: 'body-too-large',
        code: 'BODY_TOO_LARGE',
        detail: 'The request body is larger than the server accepts',
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        kind: 'unsupported-media-type',
        code: 'UNSUPPORTED_ENCODING',
        detail: 'The request body encoding or charset is not supported; send UTF-8 JSON',
      };
    default:
      return { kind: 'malformed-body', code: 'BAD_REQUEST', detail: 'The request body could not be read' };
  }
}

/**
 * Errors of the http-errors shape (`status` 4xx) that Express and body-parser raise for the request itself:
 * a path segment that is not valid percent-encoding (the router's URIError), a body that does not decode
 * as its Content-Encoding says (zlib/brotli errors). The client's fault, so a 400 that says what to fix.
 */
function classifyRequestShapeError(error: unknown): Classified | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  if (!(error instanceof Error) || typeof status !== 'number' || status < 400 || status > 499)
    return undefined;
  if (error instanceof URIError) {
    return {
      kind: 'malformed-body',
      code: 'MALFORMED_PATH',
      detail: 'The request path is not valid percent-encoding: a "%" must start a %XX escape of UTF-8 bytes',
    };
  }
  return {
    kind: 'malformed-body',
    code: 'MALFORMED_BODY_ENCODING',
    detail:
      'The request body could not be read as its Content-Encoding says: send it uncompressed, or as complete gzip, deflate or br',
  };
}

function classifyAppError(error: AppError): Classified {
  const base = { code: error.code, detail: error.detail };
  if (error instanceof ValidationError) return { ...base, kind: 'validation-failed', issues: error.issues };
  if (error instanceof NotFoundError) return { ...base, kind: 'not-found' };
  if (error instanceof ConflictError) return { ...base, kind: 'conflict' };
  if (error instanceof PreconditionFailedError) return { ...base, kind: 'invalid-state' };
  if (error instanceof UpstreamError) return { ...base, kind: 'service-unavailable' };
  if (error instanceof AuthenticationError) return { ...base, kind: 'unauthenticated' };
  if (error instanceof ForbiddenError) return { ...base, kind: 'forbidden' };
  if (error instanceof TooManyRequestsError) return { ...base, kind: 'too-many-requests' };
  if (error instanceof UnsupportedMediaTypeError) return { ...base, kind: 'unsupported-media-type' };
  if (error instanceof UpgradeRequiredError) return { ...base, kind: 'upgrade-required' };
  if (error instanceof BadRequestHeaderError) return { ...base, kind: 'malformed-body' };
  if (error instanceof ConfigError) {
    return { kind: 'internal-error', code: error.code, detail: 'The server is misconfigured' };
  }
  return { kind: 'internal-error', code: 'INTERNAL_ERROR', detail: 'An unexpected error occurred' };
}

/** Sorts any thrown value into a problem kind; unknown values are internal errors with a generic detail. */
export function classifyError(error: unknown): Classified {
  if (error instanceof AppError) return classifyAppError(error);
  if (isBodyParserError(error)) return classifyBodyParserError(error);
  const requestShape = classifyRequestShapeError(error);
  if (requestShape) return requestShape;
  return { kind: 'internal-error', code: 'INTERNAL_ERROR', detail: 'An unexpected error occurred' };
}

function describeKind(kind: ProblemKind): { status: number; title: string } {
  switch (kind) {
    case 'malformed-body':
      return { status: 400, title: 'Malformed request' };
    case 'unauthenticated':
      return { status: 401, title: 'Not authenticated' };
    case 'forbidden':
      return { status: 403, title: 'Forbidden' };
    case 'not-found':
      return { status: 404, title: 'Not found' };
    case 'conflict':
      return { status: 409, title: 'Conflict' };
    case 'invalid-state':
      return { status: 409, title: 'Invalid state' };
    case 'body-too-large':
      return { status: 413, title: 'Request body too large' };
    case 'unsupported-media-type':
      return { status: 415, title: 'Unsupported media type' };
    case 'validation-failed':
      return { status: 422, title: 'Validation failed' };
    case 'upgrade-required':
      return { status: 426, title: 'Upgrade required' };
    case 'too-many-requests':
      return { status: 429, title: 'Too many requests' };
    case 'internal-error':
      return { status: 500, title: 'Internal server error' };
    case 'service-unavailable':
      return { status: 503, title: 'Service unavailable' };
    default:
      return assertNever(kind, 'unknown problem kind');
  }
}

/**
 * Extra members a thrown AppError marks as safe for clients by putting them in `meta.extensions` (e.g. the
 * readiness checks of `/ready`). Nothing else from `meta` leaves the process.
 */
function readExtensions(error: unknown): Record<string, unknown> {
  if (!(error instanceof AppError)) return {};
  const extensions = error.meta.extensions;
  return extensions && typeof extensions === 'object' ? (extensions as Record<string, unknown>) : {};
}

/** The request id pino-http assigned (and echoed in `x-request-id`). */
export function getRequestId(req: Request): string {
  return String(req.id ?? '');
}

/** The problem body of `error` (also used by the WebSocket upgrade path, which has no Express request). */
export function buildProblem(error: unknown, context: { instance: string; requestId: string }): Problem {
  const classified = classifyError(error);
  const { status, title } = describeKind(classified.kind);
  const problem: Problem = {
    type: `${PROBLEM_TYPE_BASE}${classified.kind}`,
    title,
    status,
    detail: classified.detail,
    instance: context.instance,
    code: classified.code,
    requestId: context.requestId,
  };
  if (classified.kind === 'validation-failed') problem.errors = classified.issues ?? [];
  return { ...readExtensions(error), ...problem };
}

/** The problem body of `error` for an Express request. */
export function toProblem(error: unknown, req: Request): Problem {
  return buildProblem(error, {
    instance: req.originalUrl.split('?')[0] ?? req.path,
    requestId: getRequestId(req),
  });
}

/**
 * The last middleware: writes every error as problem+json. A server-side failure is logged once, on the
 * request's own line (pino-http reads `res.err`, see request-logger.ts), with its stack.
 */
export function createErrorHandler(): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      // The status line is gone; Express's default handler closes the connection.
      next(error);
      return;
    }
    const problem = toProblem(error, req);
    if (problem.status >= 500) res.err = error instanceof Error ? error : new Error(String(error));
    if (problem.status === 503) res.setHeader('Retry-After', '5');
    if (error instanceof TooManyRequestsError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  };
}

/** Unknown routes: a 404 problem instead of Express's HTML page. */
export const handleUnknownRoute: RequestHandler = (req, _res, next) => {
  next(
    new NotFoundError(`no route for ${req.method} ${req.path}`, {
      code: 'ROUTE_NOT_FOUND',
      detail: `No route for ${req.method} ${req.path}`,
    }),
  );
};
