import { describe, expect, it } from 'vitest';
import { describeApiError } from './index.js';

const problem = (detail: string, errors?: Array<{ path: string; message: string }>) => ({
  type: 'about:blank',
  title: 'Unprocessable Content',
  status: 422,
  detail,
  instance: '/api/jobs',
  code: 'VALIDATION_FAILED',
  requestId: 'r1',
  ...(errors ? { errors } : {}),
});

describe('describeApiError', () => {
  const response = new Response(null, { status: 422, statusText: 'Unprocessable Content' });

  it("lists each field issue under the problem's detail", () => {
    expect(
      describeApiError(
        problem('2 fields are invalid', [
          { path: 'body.name', message: 'required' },
          { path: 'body.timezone', message: 'must be an IANA time zone' },
        ]),
        response,
      ),
    ).toBe('2 fields are invalid\n  - body.name: required\n  - body.timezone: must be an IANA time zone');
  });

  it('says an issue once when the detail already is that issue', () => {
    const issue = { path: 'body.timezone', message: 'must be an IANA time zone' };
    expect(
      describeApiError(
        problem('Invalid request: body.timezone: must be an IANA time zone', [issue]),
        response,
      ),
    ).toBe('Invalid request: body.timezone: must be an IANA time zone');
  });

  it('falls back to the status line for a body that is not a problem', () => {
    expect(describeApiError(undefined, new Response(null, { status: 502, statusText: 'Bad Gateway' }))).toBe(
      '502 Bad Gateway',
    );
  });
});
