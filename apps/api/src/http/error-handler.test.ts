import {
  AuthenticationError,
  ConfigError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  UpstreamError,
  ValidationError,
} from '@chronos/errors';
import { describe, expect, it } from 'vitest';
import { buildProblem } from './error-handler.js';
import { UnsupportedMediaTypeError, UpgradeRequiredError } from './request-errors.js';

const context = { instance: '/api/jobs', requestId: 'req-1' };

function bodyParserError(type: string, status: number): Error {
  return Object.assign(new Error(`body-parser: ${type}`), { type, status, expose: true });
}

describe('buildProblem', () => {
  it.each([
    [
      new ValidationError('bad', { issues: [{ path: 'body.name', message: 'Required' }] }),
      422,
      'Validation failed',
    ],
    [new NotFoundError('Job with ID 9 not found'), 404, 'Not found'],
    [new ConflictError('dup'), 409, 'Conflict'],
    [new PreconditionFailedError('state'), 409, 'Invalid state'],
    [new UpstreamError('db down', { code: 'DATABASE_UNAVAILABLE' }), 503, 'Service unavailable'],
    [new AuthenticationError('who'), 401, 'Not authenticated'],
    [new ForbiddenError('no'), 403, 'Forbidden'],
    [new UnsupportedMediaTypeError('text/plain'), 415, 'Unsupported media type'],
    [new UpgradeRequiredError('/api/events'), 426, 'Upgrade required'],
    [bodyParserError('entity.parse.failed', 400), 400, 'Malformed request'],
    [bodyParserError('entity.too.large', 413), 413, 'Request body too large'],
    [bodyParserError('charset.unsupported', 415), 415, 'Unsupported media type'],
  ])('maps %s to %i', (error, status, title) => {
    const problem = buildProblem(error, context);
    expect(problem.status).toBe(status);
    expect(problem.title).toBe(title);
    expect(problem.type).toMatch(/^https:\/\/chronos\.gluesync\.dev\/problems\/[a-z-]+$/);
    expect(problem.instance).toBe('/api/jobs');
    expect(problem.requestId).toBe('req-1');
    expect(problem.detail.length).toBeGreaterThan(0);
  });

  it('carries the safe detail and the stable code of an AppError', () => {
    const problem = buildProblem(
      new NotFoundError('internal text', { code: 'JOB_NOT_FOUND', detail: 'Job with ID 9 not found' }),
      context,
    );
    expect(problem).toMatchObject({ detail: 'Job with ID 9 not found', code: 'JOB_NOT_FOUND' });
  });

  it('lists field issues only on validation failures', () => {
    const issues = [{ path: 'body.schedule.hour', message: 'Too big' }];
    expect(buildProblem(new ValidationError('bad', { issues }), context).errors).toEqual(issues);
    expect(buildProblem(new NotFoundError('x'), context).errors).toBeUndefined();
  });

  it('hides the message of an unknown error behind a generic detail', () => {
    const problem = buildProblem(new TypeError('secret internals at /srv/app.js:12'), context);
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('secret internals');
    expect(problem.detail).toBe('An unexpected error occurred');
  });

  it('treats a configuration error as a server fault without naming the variables', () => {
    const problem = buildProblem(new ConfigError([{ path: 'DB_URL', message: 'bad' }]), context);
    expect(problem.status).toBe(500);
    expect(problem.detail).not.toContain('DB_URL');
  });

  it('adds members an error marks as client-safe, without letting them override the standard ones', () => {
    const error = new UpstreamError('not ready', {
      meta: { extensions: { checks: { database: 'down' }, status: 200 }, secret: 'x' },
    });
    const problem = buildProblem(error, context);
    expect(problem.checks).toEqual({ database: 'down' });
    expect(problem.status).toBe(503);
    expect(problem.secret).toBeUndefined();
  });
});
