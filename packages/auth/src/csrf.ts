import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ForbiddenError } from '@chronos/errors';

/** The header the console sends on every write made with the session cookie (double-submit token). */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Whether a browser sent this request from another site. Browsers attach cookies to cross-site form posts
 * and WebSocket upgrades, so a request authenticated by a cookie must come from our own pages:
 * `Sec-Fetch-Site` (every current browser) decides; without it, an `Origin` must name this host or one of
 * `trustedOrigins` (CORS_ORIGINS).
 */
export function isCrossSite(headers: IncomingHttpHeaders, trustedOrigins: readonly string[]): boolean {
  const origin = header(headers, 'origin');
  if (origin && trustedOrigins.includes(origin)) return false;
  const site = header(headers, 'sec-fetch-site');
  if (site) return site !== 'same-origin' && site !== 'none';
  if (!origin) return false;
  try {
    return new URL(origin).host !== header(headers, 'host');
  } catch {
    return true;
  }
}

export function csrfRejected(detail: string): ForbiddenError {
  return new ForbiddenError('cookie-authenticated request refused (CSRF)', { code: 'CSRF_REJECTED', detail });
}

/** The double-submit check: the header must carry the session's token (compared in constant time). */
export function hasCsrfToken(headers: IncomingHttpHeaders, expected: string): boolean {
  const sent = header(headers, CSRF_HEADER);
  if (!sent) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
