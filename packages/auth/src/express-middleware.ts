import type { IncomingHttpHeaders } from 'node:http';
import { AuthenticationError, ForbiddenError, TooManyRequestsError } from '@chronos/errors';
import type { RequestHandler, Response } from 'express';
import { type Authenticator, NOT_AUTHENTICATED, type Principal } from './authenticator.js';
import { readCredentials } from './credentials.js';
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

export function createAuthMiddleware(options: {
  authenticator: Authenticator;
  limiter: FailureLimiter;
}): AuthMiddleware {
  const { authenticator, limiter } = options;

  /**
   * The failure limiter guards CoreHub from credential stuffing through Chronos. Only presented credentials
   * that were rejected count (a request without any guesses nothing; a CoreHub outage rejects nobody), and a
   * client past the limit is refused only what would reach CoreHub: a valid API token or a recently verified
   * CoreHub credential still gets in.
   */
  async function identify(headers: IncomingHttpHeaders, client: string): Promise<Principal> {
    const credentials = readCredentials(headers);
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

  return {
    authenticate: async (req, res, next) => {
      try {
        res.locals.principal = await identify(req.headers, req.ip ?? req.socket.remoteAddress ?? 'unknown');
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
      const principal = await identify(request.headers, request.client);
      assertPermission(principal, permission);
      return principal;
    },
  };
}
