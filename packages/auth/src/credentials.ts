import { createHash } from 'node:crypto';
import { parseCookie } from 'cookie';

/**
 * What a caller presented: the Authorization header verbatim, Chronos's own browser session cookie and/or
 * CoreHub's `gs-auth` cookie.
 */
export type Credentials = { authorization?: string; gsAuthCookie?: string; sessionCookie?: string };

export const AUTH_COOKIE = 'gs-auth';

/** The browser session cookie: HttpOnly, SameSite=Strict, holds a random token (never a role or a name). */
export const SESSION_COOKIE = 'chronos_session';

/** Reads credentials from raw request headers; undefined when the caller presented none. */
export function readCredentials(headers: {
  authorization?: string | string[] | undefined;
  cookie?: string | string[] | undefined;
}): Credentials | undefined {
  const authorization = firstHeader(headers.authorization)?.trim();
  const header = firstHeader(headers.cookie);
  const cookies = header ? parseCookie(header) : {};
  const gsAuthCookie = cookies[AUTH_COOKIE] || undefined;
  const sessionCookie = cookies[SESSION_COOKIE] || undefined;
  if (!authorization && !gsAuthCookie && !sessionCookie) return undefined;
  return {
    ...(authorization ? { authorization } : {}),
    ...(gsAuthCookie ? { gsAuthCookie } : {}),
    ...(sessionCookie ? { sessionCookie } : {}),
  };
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The bearer token of an Authorization header, if it is one. */
export function bearerToken(credentials: Credentials): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(credentials.authorization ?? '');
  return match?.[1];
}

/**
 * Cache key of a credential: a hash, so the cache never holds a usable token. The Authorization header wins
 * over the cookie, as in the reference.
 */
export function credentialsCacheKey(credentials: Credentials): string {
  const raw = credentials.authorization
    ? `authz:${credentials.authorization}`
    : `cookie:${credentials.gsAuthCookie ?? ''}`;
  return createHash('sha256').update(raw).digest('hex');
}
