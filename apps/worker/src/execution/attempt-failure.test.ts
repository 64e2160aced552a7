import {
  CoreHubAuthError,
  CoreHubContractError,
  CoreHubHttpError,
  CoreHubNetworkError,
} from '@chronos/corehub';
import { UpstreamError, ValidationError } from '@chronos/errors';
import { describe, expect, it } from 'vitest';
import {
  classifyFailure,
  computeRetryDelay,
  ExecutionInterruptedError,
  ExecutionTimeoutError,
  MAX_RETRY_DELAY_MS,
} from './attempt-failure.js';

const live = new AbortController().signal;

function httpError(status: number, retryable: boolean) {
  return new CoreHubHttpError(`CoreHub answered ${status} to POST /x: boom`, {
    code: 'COREHUB_X',
    retryable,
    status,
    hubMessage: 'boom',
  });
}

describe('classifyFailure', () => {
  it('treats 5xx and network errors as transient', () => {
    expect(classifyFailure(httpError(500, true), live).kind).toBe('transient');
    const network = new CoreHubNetworkError('connection refused', {
      code: 'COREHUB_UNREACHABLE',
      retryable: true,
    });
    expect(classifyFailure(network, live).kind).toBe('transient');
  });

  it('treats a 401 that survived a token refresh as transient, as DESIGN §4 says', () => {
    const refused = new CoreHubAuthError('CoreHub rejected the refreshed token', {
      code: 'COREHUB_TOKEN_REJECTED',
      retryable: true,
      status: 401,
    });
    expect(classifyFailure(refused, live).kind).toBe('transient');
  });

  it('treats 4xx, contract violations, bad input and bugs as permanent', () => {
    expect(classifyFailure(httpError(404, false), live)).toMatchObject({
      kind: 'permanent',
      code: 'COREHUB_X',
    });
    const contract = new CoreHubContractError('bad shape', {
      code: 'COREHUB_CONTRACT_VIOLATION',
      retryable: false,
    });
    expect(classifyFailure(contract, live).kind).toBe('permanent');
    expect(classifyFailure(new ValidationError('entity_start requires an entity'), live).kind).toBe(
      'permanent',
    );
    expect(classifyFailure(new TypeError('x is undefined'), live).kind).toBe('permanent');
  });

  it('keeps the hub message in the failure message', () => {
    expect(classifyFailure(httpError(500, true), live).message).toContain('boom');
  });

  it('carries Retry-After of a 429 so the next attempt waits at least that long', () => {
    const limited = new UpstreamError('rate limited', { retryable: true });
    Object.assign(limited, { retryAfterMs: 7000 });
    expect(classifyFailure(limited, live)).toMatchObject({ kind: 'transient', retryAfterMs: 7000 });
  });

  it('reports a timeout when the deadline aborted the attempt, whatever error surfaced', () => {
    const deadline = new AbortController();
    deadline.abort(new ExecutionTimeoutError(30));
    const cut = new CoreHubNetworkError('aborted', { code: 'COREHUB_ABORTED', retryable: true });
    expect(classifyFailure(cut, deadline.signal)).toEqual({
      kind: 'timed_out',
      message: 'execution exceeded its timeout of 30 s',
    });
  });

  it('reports an interruption (not a failure) when shutdown aborted the attempt', () => {
    const shutdown = new AbortController();
    shutdown.abort(new ExecutionInterruptedError());
    expect(classifyFailure(new Error('aborted'), shutdown.signal).kind).toBe('interrupted');
    const cancelled = new AbortController();
    cancelled.abort('worker shutting down');
    expect(classifyFailure(new Error('aborted'), cancelled.signal).kind).toBe('interrupted');
  });
});

describe('computeRetryDelay', () => {
  it('doubles the base after each failed attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => computeRetryDelay(attempt, 1000))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits less than Retry-After, and never more than the cap', () => {
    expect(computeRetryDelay(1, 1000, 5000)).toBe(5000);
    expect(computeRetryDelay(30, 1000)).toBe(MAX_RETRY_DELAY_MS);
    expect(computeRetryDelay(1, 1000, 10 * MAX_RETRY_DELAY_MS)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('retries at once with a zero base (tests set RETRY_BACKOFF_MS=0)', () => {
    expect(computeRetryDelay(3, 0)).toBe(0);
  });
});
