import {
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  UpstreamError,
} from '@chronos/errors';
import { buildProblem } from './error-handler.js';
import type { Problem } from './problem.js';
import { UnsupportedMediaTypeError, UpgradeRequiredError } from './request-errors.js';
import { createValidationError } from './validate.js';

function bodyParserError(type: string, status: number): Error {
  return Object.assign(new Error(type), { type, status, expose: true });
}

/** One typical error per status, as the api raises it. */
const EXAMPLE_ERRORS: Record<number, () => unknown> = {
  400: () => bodyParserError('entity.parse.failed', 400),
  401: () => new AuthenticationError('Not authenticated'),
  403: () =>
    new ForbiddenError('role VIEWER lacks manage', {
      code: 'FORBIDDEN_ROLE',
      detail: 'Role VIEWER is not permitted to manage schedules',
    }),
  404: () => new NotFoundError('Job with ID 42 not found', { code: 'JOB_NOT_FOUND' }),
  409: () => new ConflictError('Setting ui.theme already exists', { code: 'SETTING_EXISTS' }),
  413: () => bodyParserError('entity.too.large', 413),
  415: () => new UnsupportedMediaTypeError('text/plain'),
  422: () =>
    createValidationError([{ path: 'body.schedule.hour', message: 'Too big: expected number to be <=23' }]),
  426: () => new UpgradeRequiredError('/api/events'),
  429: () =>
    new TooManyRequestsError('too many failed authentications', {
      code: 'AUTH_RATE_LIMITED',
      detail: 'Too many failed authentication attempts; retry in 42 s',
      retryAfterSeconds: 42,
    }),
  500: () => new Error('example'),
  503: () => new UpstreamError('database unavailable', { code: 'DATABASE_UNAVAILABLE' }),
};

/**
 * The example problem Swagger UI shows for `status`, built by the error handler itself (so it cannot drift
 * from what the api answers); undefined for a status without one.
 */
export function problemExample(status: number): Problem | undefined {
  const make = EXAMPLE_ERRORS[status];
  if (!make) return undefined;
  return buildProblem(make(), {
    instance: '/api/jobs/42',
    requestId: '5f0c1c8e-5d3a-4c1e-9f7e-2b6f1f0a9c11',
  });
}
