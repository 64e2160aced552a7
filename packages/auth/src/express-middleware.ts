import type { IncomingHttpHeaders } from 'node:http';
import { AuthenticationError, ForbiddenError, TooManyRequestsError } from '@chronos/errors';
import type { Request, RequestHandler, Response } from 'express';
import { type Authenticator, NOT_AUTHENTICATED, type Principal } from './authenticator.js';
import { type Credentials, readCredentials } from './credentials.js';
import { csrfRejected, hasCsrfToken, isCrossSite, isSafeMethod } from './csrf.js';
import type { FailureLimiter } from './failure-limiter.js';
import { hasPermission, PERMISSION_PHRASES, type Permission } from './roles.js';

export type AuthMiddleware = {
  /** Establishes `res.locals.principal` or fails with 401 (or 429 after repeated failures). */
  authenticate: RequestHandler;
  /** Fails with 403 naming the role and the permission unless the principal may do it. */
  requirePermission(permission: Permission): RequestHandler;
  /** The same checks outside Express (e.g. a WebSocket upgrade): resolves the principal or throws. */
  authorize(
    request: { headers: IncomingHttpHeaders; client: string },
    permission: Permission,
  ): Promise<Principal>;
  /**
   * Who a sign-in names: the API token given, or else the CoreHub `gs-auth` cookie the browser sent. Counts
   * rejected attempts like every other authentication; refuses sign-ins posted from another site.
   */
  identifySignIn(req: Request, token: string | undefined): Promise<Principal>;
};

export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

function assertPermission(principal: Principal, permission: Permission): void {
  if (hasPermission(principal.role, permission)) return;
  throw new ForbiddenError(`role ${principal.role} lacks ${permission}`, {
    code: 'FORBIDDEN_ROLE',
    detail: `Role ${principal.role} is not permitted to ${PERMISSION_PHRASES[permission]}`,
    meta: { role: principal.role, permission },
  });
}

function tooManyFailures(waitMs: number): TooManyRequestsError {
  const retryAfterSeconds = Math.ceil(waitMs / 1000);
  return new TooManyRequestsError('too many failed authentications', {
    code: 'AUTH_RATE_LIMITED',
    detail: `Too many failed authentication attempts; retry in ${retryAfterSeconds} s`,
    retryAfterSeconds,
  });
}

/**
 * CSRF: a request that a cookie authenticated must come from our own pages, and a write made with the
 * session cookie must also echo the session's token in `X-CSRF-Token` (SameSite=Strict alone does not cover
 * old browsers or a sibling site on the same registrable domain). Bearer tokens are not sent by browsers
 * on their own, so they need neither.
 */
function assertNotForged(
  request: { method: string; headers: IncomingHttpHeaders; isUpgrade?: boolean },
  credentials: Credentials | undefined,
  principal: Principal,
  trustedOrigins: readonly string[],
): void {
  if (!credentials || credentials.authorization || principal.source === 'auth-disabled') return;
  // Another site cannot read what a cross-site GET answers (CORS), but it can read a WebSocket.
  if (isSafeMethod(request.method) && !request.isUpgrade) return;
  if (isCrossSite(request.headers, trustedOrigins))
    throw csrfRejected("Requests authenticated by a cookie must come from Chronos's own pages");
  if (request.isUpgrade || !principal.session) return;
  if (!hasCsrfToken(request.headers, principal.session.csrfToken))
    throw csrfRejected(
      'Writes made with the session cookie need the X-CSRF-Token header of GET /api/session',
    );
}

export function createAuthMiddleware(options: {
  authenticator: Authenticator;
  limiter: FailureLimiter;
  /** Origins whose pages may use cookie authentication besides Chronos's own (CORS_ORIGINS). */
  trustedOrigins?: readonly string[];
}): AuthMiddleware {
  const { authenticator, limiter } = options;
  const trustedOrigins = options.trustedOrigins ?? [];

  /**
   * The failure limiter guards CoreHub from credential stuffing through Chronos. Only presented credentials
   * that were rejected count (a request without any guesses nothing; a CoreHub outage rejects nobody), and a
   * client past the limit is refused only what would reach CoreHub: a valid API token or a recently verified
   * CoreHub credential still gets in.
   */
  async function identifyCredentials(
    credentials: Credentials | undefined,
    client: string,
  ): Promise<Principal> {
    if (!credentials) return authenticator.authenticate(undefined);
    const waitMs = limiter.retryAfterMs(client);
    if (waitMs > 0 && !authenticator.decidesLocally(credentials)) throw tooManyFailures(waitMs);
    try {
      return await authenticator.authenticate(credentials);
    } catch (error) {
      if (!(error instanceof AuthenticationError && error.code === 'UNAUTHENTICATED')) throw error;
      limiter.recordFailure(client);
      throw waitMs > 0 ? tooManyFailures(waitMs) : error;
    }
  }

  async function identify(
    request: { method: string; headers: IncomingHttpHeaders; isUpgrade?: boolean },
    client: string,
  ): Promise<Principal> {
    const credentials = readCredentials(request.headers);
    const principal = await identifyCredentials(credentials, client);
    assertNotForged(request, credentials, principal, trustedOrigins);
    return principal;
  }

  const clientOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

  return {
    authenticate: async (req, res, next) => {
      try {
        res.locals.principal = await identify(req, clientOf(req));
        next();
      } catch (error) {
        next(error);
      }
    },
    requirePermission: (permission) => (_req, res, next) => {
      const principal = principalOf(res);
      if (!principal) {
        next(new AuthenticationError(NOT_AUTHENTICATED));
        return;
      }
      try {
        assertPermission(principal, permission);
        next();
      } catch (error) {
        next(error);
      }
    },
    async authorize(request, permission) {
      const principal = await identify(
        { method: 'GET', headers: request.headers, isUpgrade: true },
        request.client,
      );
      assertPermission(principal, permission);
      return principal;
    },
    async identifySignIn(req, token) {
      if (isCrossSite(req.headers, trustedOrigins))
        throw csrfRejected("Sign in from Chronos's own sign-in page");
      const cookies = readCredentials({ cookie: req.headers.cookie });
      const credentials: Credentials | undefined = token
        ? { authorization: `Bearer ${token}` }
        : cookies?.gsAuthCookie
          ? { gsAuthCookie: cookies.gsAuthCookie }
          : undefined;
      return identifyCredentials(credentials, clientOf(req));
    },
  };
}
