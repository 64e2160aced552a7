import { describe, expect, it } from 'vitest';
import type { CoreHubRequest, CoreHubResponse } from './contract/port.js';
import { CoreHubAuthError, CoreHubHttpError, parseRetryAfter, truncateHubMessage } from './corehub-error.js';
import { assertSuccessfulResponse, createRefreshedTokenRejectedError } from './response-check.js';

const req: CoreHubRequest = {
  method: 'POST',
  path: '/pipelines/p1/commands/sync/start',
  query: { entity: 'e1' },
};

function response(status: number, body: unknown = ''): CoreHubResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, body, text, durationMs: 7 };
}

function failure(status: number, body: unknown = '', extra: Partial<CoreHubResponse> = {}): CoreHubHttpError {
  try {
    assertSuccessfulResponse({ ...response(status, body), ...extra }, req);
  } catch (error) {
    if (error instanceof CoreHubHttpError) return error;
  }
  throw new Error(`status ${status} did not throw a CoreHubHttpError`);
}

describe('assertSuccessfulResponse', () => {
  it.each([200, 201, 202, 204])('passes %i through', (status) => {
    expect(assertSuccessfulResponse(response(status, 'ok'), req).status).toBe(status);
  });

  it.each([
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [403, false],
    [404, false],
    [409, false],
    [302, false],
  ])('marks %i retryable=%s', (status, retryable) => {
    expect(failure(status).retryable).toBe(retryable);
  });

  it('carries the hub message, status, request and duration', () => {
    const error = failure(404, { notificationId: -1, message: 'Pipeline p1 not found' });
    expect(error).toMatchObject({
      status: 404,
      hubMessage: 'Pipeline p1 not found',
      durationMs: 7,
      code: 'COREHUB_NOT_FOUND',
      request: { method: 'POST', path: req.path, query: { entity: 'e1' } },
    });
    expect(error.message).toContain('Pipeline p1 not found');
  });

  it('uses the text when the body has no message, truncated to 500 characters', () => {
    const error = failure(502, 'x'.repeat(2000));
    expect(error.hubMessage).toHaveLength(500);
  });

  it('reads Retry-After on a 429', () => {
    expect(failure(429, '', { retryAfter: '3' }).retryAfterMs).toBe(3000);
  });
});

describe('createRefreshedTokenRejectedError', () => {
  it('names the likely causes and stays retryable for the worker backoff', () => {
    const error = createRefreshedTokenRejectedError(
      response(401, { message: 'Invalid authorization token' }),
      req,
    );
    expect(error).toBeInstanceOf(CoreHubAuthError);
    expect(error.message).toBe(
      `CoreHub rejected the refreshed token; check Chronos credentials / CoreHub session TTL. Details: ${req.method} ${req.path} answered 401 again with a fresh module token: Invalid authorization token`,
    );
    expect(error).toMatchObject({ status: 401, retryable: true, hubMessage: 'Invalid authorization token' });
  });
});

describe('helpers', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('1.5')).toBe(1500);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('keeps short messages intact', () => expect(truncateHubMessage('  short  ')).toBe('short'));
});
