import { createHash } from 'node:crypto';

/** What a caller presented: the Authorization header verbatim and/or the `gs-auth` cookie value. */
export type Credentials = { authorization?: string; gsAuthCookie?: string };

export const AUTH_COOKIE = 'gs-auth';

/** Reads credentials from raw request headers; undefined when the caller presented none. */
export function readCredentials(headers: {
  authorization?: string | string[] | undefined;
  cookie?: string | string[] | undefined;
}): Credentials | undefined {
  const authorization = firstHeader(headers.authorization)?.trim();
  const gsAuthCookie = readCookie(firstHeader(headers.cookie), AUTH_COOKIE);
  if (!authorization && !gsAuthCookie) return undefined;
  return { ...(authorization ? { authorization } : {}), ...(gsAuthCookie ? { gsAuthCookie } : {}) };
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
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
