import {
  type AuthMiddleware,
  type Credentials,
  createAuthenticator,
  createAuthMiddleware,
  createFailureLimiter,
  createSessionManager,
  type Introspect,
  parseApiTokens,
  type SessionManager,
  type SessionStore,
} from '@chronos/auth';
import type { ChronosConfig } from '@chronos/config';
import type { CoreHubClient } from '@chronos/corehub';

export type ApiAuth = AuthMiddleware & {
  /** AUTH_DISABLED=true: every caller is SUPER_ADMIN (local development only; /ready and the log say so). */
  isDisabled: boolean;
  /** Browser sign-ins (`/api/session`), kept in the database so that every replica shares them. */
  sessions: SessionManager;
};

/**
 * CoreHub's `/auth/me` as the authenticator's introspector: the caller's own header and/or `gs-auth`
 * cookie are forwarded; CoreHub's 401/403 is a rejection, anything else that fails is a verification
 * failure (the authenticator turns it into 401 "Authentication verification failed").
 */
export function introspectWithCoreHub(hub: Pick<CoreHubClient, 'getMe'>, timeoutMs: number): Introspect {
  return async (credentials: Credentials) => {
    try {
      const user = await hub.getMe(
        {
          ...(credentials.authorization ? { authorization: credentials.authorization } : {}),
          ...(credentials.gsAuthCookie ? { cookie: `gs-auth=${credentials.gsAuthCookie}` } : {}),
        },
        { timeoutMs },
      );
      return { kind: 'user', username: user.username, role: user.role };
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (status === 401 || status === 403) return { kind: 'rejected' };
      throw error;
    }
  };
}

/**
 * Authentication and roles for the API (DESIGN.md §3 "Auth"): fail closed; static API tokens
 * (`API_TOKENS`) and the first-start admin token are checked locally, everything else by CoreHub.
 */
export function createApiAuth(options: {
  config: Pick<ChronosConfig, 'auth' | 'http'>;
  introspect: Introspect;
  /** Where browser sessions live (`db.sessions`). */
  sessionStore: SessionStore;
  /** Extra `name:ROLE:sha256` entries (the first-start admin token). */
  extraTokenEntries?: string[];
}): ApiAuth {
  const { auth } = options.config;
  const apiTokens = parseApiTokens([auth.apiTokens ?? '', ...(options.extraTokenEntries ?? [])].join(','));
  const sessions = createSessionManager({ store: options.sessionStore, ttlMs: auth.sessionTtlMs });
  const authenticator = createAuthenticator({
    introspect: options.introspect,
    apiTokens,
    cacheTtlMs: auth.cacheTtlMs,
    isDisabled: auth.disabled,
    resolveSession: (token) => sessions.resolve(token),
  });
  const limiter = createFailureLimiter({ limit: auth.failureLimit, windowMs: auth.failureWindowMs });
  const middleware = createAuthMiddleware({
    authenticator,
    limiter,
    trustedOrigins: options.config.http.corsOrigins,
  });
  return { ...middleware, isDisabled: auth.disabled, sessions };
}
