import { describe, expect, it } from 'vitest';
import { readCredentials } from './credentials.js';
import { hasCsrfToken, isCrossSite } from './csrf.js';

describe('isCrossSite', () => {
  const trusted = ['https://ui.example'];
  it('believes Sec-Fetch-Site first: only same-origin and none (a typed URL) are ours', () => {
    expect(isCrossSite({ 'sec-fetch-site': 'same-origin' }, trusted)).toBe(false);
    expect(isCrossSite({ 'sec-fetch-site': 'none' }, trusted)).toBe(false);
    expect(isCrossSite({ 'sec-fetch-site': 'same-site' }, trusted)).toBe(true);
    expect(isCrossSite({ 'sec-fetch-site': 'cross-site' }, trusted)).toBe(true);
  });
  it('without it, compares Origin with Host, and accepts the trusted (CORS) origins', () => {
    expect(isCrossSite({ origin: 'http://chronos:1717', host: 'chronos:1717' }, trusted)).toBe(false);
    expect(isCrossSite({ origin: 'http://evil.example', host: 'chronos:1717' }, trusted)).toBe(true);
    expect(isCrossSite({ origin: 'null', host: 'chronos:1717' }, trusted)).toBe(true);
    expect(isCrossSite({ origin: 'https://ui.example', 'sec-fetch-site': 'cross-site' }, trusted)).toBe(
      false,
    );
    expect(isCrossSite({ host: 'chronos:1717' }, trusted)).toBe(false);
  });
});

describe('hasCsrfToken', () => {
  it('wants the exact token in X-CSRF-Token', () => {
    expect(hasCsrfToken({ 'x-csrf-token': 'abc' }, 'abc')).toBe(true);
    expect(hasCsrfToken({ 'x-csrf-token': 'abd' }, 'abc')).toBe(false);
    expect(hasCsrfToken({ 'x-csrf-token': 'ab' }, 'abc')).toBe(false);
    expect(hasCsrfToken({}, 'abc')).toBe(false);
  });
});

describe('readCredentials with the session cookie', () => {
  it('reads chronos_session and gs-auth with the cookie library (encoded values decoded)', () => {
    expect(readCredentials({ cookie: 'theme=dark; chronos_session=t0k; gs-auth=a%20b' })).toEqual({
      sessionCookie: 't0k',
      gsAuthCookie: 'a b',
    });
    expect(readCredentials({ cookie: 'chronos_session=' })).toBeUndefined();
  });
});
