import { AuthenticationError } from '@chronos/errors';
import { API_TOKEN_PREFIX, type ApiTokenEntry, matchApiToken } from './api-tokens.js';
import { bearerToken, type Credentials, credentialsCacheKey } from './credentials.js';
import { isRole, type Role } from './roles.js';

/** A browser session's CSRF token and end, as the principal of a session cookie carries them. */
export type SessionInfo = { csrfToken: string; expiresAt: Date };

export type Principal = {
  username: string;
  role: Role;
  source: 'corehub' | 'api-token' | 'auth-disabled';
  /** Set when the caller was recognised by Chronos's browser session cookie (writes then need its CSRF token). */
  session?: SessionInfo;
};

/**
 * What CoreHub said about a credential. `rejected` is CoreHub's own 401/403; anything else that goes wrong
 * (unreachable, 5xx, garbage) must be thrown, and becomes "Authentication verification failed".
 */
export type IntrospectionResult = { kind: 'user'; username: unknown; role: unknown } | { kind: 'rejected' };
export type Introspect = (credentials: Credentials) => Promise<IntrospectionResult>;

export type AuthenticatorOptions = {
  introspect: Introspect;
  apiTokens: ApiTokenEntry[];
  /** How long a successful introspection is trusted; 0 turns the cache off. Failures are never cached. */
  cacheTtlMs: number;
  isDisabled?: boolean;
  now?: () => number;
  /** Browser sessions (the `chronos_session` cookie): the principal a cookie token signed in, if any. */
  resolveSession?: (token: string) => Promise<Principal | undefined>;
};

export type Authenticator = {
  authenticate(credentials: Credentials | undefined): Promise<Principal>;
  /**
   * True when `authenticate` can decide without asking CoreHub (authentication off, a Chronos API token, a
   * CoreHub credential verified within the cache lifetime): such a check costs CoreHub nothing, so a client
   * past the failure limit may still make it.
   */
  decidesLocally(credentials: Credentials): boolean;
  invalidate(): void;
};

export const NOT_AUTHENTICATED = 'Not authenticated';
export const VERIFICATION_FAILED = 'Authentication verification failed';

/** Fail closed: every path that is not a positive answer ends in an AuthenticationError. */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const now = options.now ?? Date.now;
  const cache = new Map<string, { principal: Principal; expiresAt: number }>();

  async function introspectWithCache(credentials: Credentials): Promise<Principal> {
    const key = credentialsCacheKey(credentials);
    const cached = cache.get(key);
    if (cached && cached.expiresAt > now()) return cached.principal;
    cache.delete(key);

    let result: IntrospectionResult;
    try {
      result = await options.introspect(credentials);
    } catch (error) {
      throw new AuthenticationError('corehub introspection failed', {
        code: 'AUTH_VERIFICATION_FAILED',
        detail: VERIFICATION_FAILED,
        cause: error,
      });
    }
    if (result.kind === 'rejected') throw new AuthenticationError(NOT_AUTHENTICATED);
    if (typeof result.username !== 'string' || result.username === '' || !isRole(result.role)) {
      throw new AuthenticationError('corehub answered without a username or with an unknown role', {
        code: 'AUTH_VERIFICATION_FAILED',
        detail: VERIFICATION_FAILED,
      });
    }
    const principal: Principal = { username: result.username, role: result.role, source: 'corehub' };
    if (options.cacheTtlMs > 0) {
      if (cache.size > 10_000) cache.clear();
      cache.set(key, { principal, expiresAt: now() + options.cacheTtlMs });
    }
    return principal;
  }

  return {
    async authenticate(credentials) {
      if (options.isDisabled)
        return { username: 'auth-disabled', role: 'SUPER_ADMIN', source: 'auth-disabled' };
      if (!credentials) throw new AuthenticationError(NOT_AUTHENTICATED);
      const token = bearerToken(credentials);
      // Chronos's own tokens are checked here and never forwarded to CoreHub.
      if (token?.startsWith(API_TOKEN_PREFIX)) {
        const entry = matchApiToken(options.apiTokens, token);
        if (!entry) throw new AuthenticationError(NOT_AUTHENTICATED);
        return { username: entry.name, role: entry.role, source: 'api-token' };
      }
      // A header wins over cookies; Chronos's own session wins over CoreHub's cookie, which is the fallback
      // once the session has ended.
      if (!credentials.authorization && credentials.sessionCookie && options.resolveSession) {
        const principal = await options.resolveSession(credentials.sessionCookie);
        if (principal) return principal;
        if (!credentials.gsAuthCookie) throw new AuthenticationError(NOT_AUTHENTICATED);
      }
      if (!credentials.authorization && !credentials.gsAuthCookie)
        throw new AuthenticationError(NOT_AUTHENTICATED);
      return introspectWithCache(credentials);
    },
    decidesLocally(credentials) {
      if (options.isDisabled || bearerToken(credentials)?.startsWith(API_TOKEN_PREFIX)) return true;
      return (cache.get(credentialsCacheKey(credentials))?.expiresAt ?? 0) > now();
    },
    invalidate() {
      cache.clear();
    },
  };
}
