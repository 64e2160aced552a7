/**
 * Who is calling: a fixture user (fixed token as `Authorization: Bearer`, or the `gs-auth` cookie) or a
 * module (a valid, unexpired module JWT). Anything else gets CoreHub's 401 body.
 */
import type { CoreHubUser } from '@chronos/corehub/contract';
import { INVALID_TOKEN_MESSAGE } from '@chronos/corehub/contract';
import type { NextFunction, Request, Response } from 'express';
import type { FixtureUser } from './fixture.js';
import type { ModuleHub } from './module-hub.js';
import type { ModuleTokenClaims } from './module-token.js';
import { sendHubError } from './reply.js';
import type { SimState } from './sim-state.js';

export type Caller = { kind: 'user'; user: FixtureUser } | { kind: 'module'; claims: ModuleTokenClaims };

/** Value of the `gs-auth` cookie, if any. */
export function readAuthCookie(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'gs-auth' && rest.length > 0) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** The bearer token, else the `gs-auth` cookie. */
export function readCredential(req: Request): string | undefined {
  const authorization = req.headers.authorization;
  const match = authorization ? /^Bearer\s+(.+)$/i.exec(authorization) : null;
  return match?.[1]?.trim() ?? readAuthCookie(req.headers.cookie);
}

export function resolveCaller(req: Request, state: SimState, hub: ModuleHub): Caller | undefined {
  const credential = readCredential(req);
  if (!credential) return undefined;
  const user = state.findUserByToken(credential);
  if (user) return { kind: 'user', user };
  const claims = hub.verify(credential);
  return claims ? { kind: 'module', claims } : undefined;
}

/** Express middleware: 401 with CoreHub's body unless the caller is known; sets `res.locals.caller`. */
export function createRequireCaller(state: SimState, hub: ModuleHub) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const caller = resolveCaller(req, state, hub);
    if (!caller) {
      sendHubError(res, 401, INVALID_TOKEN_MESSAGE);
      return;
    }
    res.locals.caller = caller;
    next();
  };
}

/** The `/auth/me` body for a caller. */
export function describeCaller(caller: Caller): CoreHubUser {
  if (caller.kind === 'module') {
    return {
      id: 0,
      username: caller.claims.sub,
      role: 'EXTERNAL_MODULE',
      name: caller.claims.sub,
      surname: 'module',
      email: '',
      isOidcUser: false,
      changeRequired: false,
    };
  }
  const { user } = caller;
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    name: user.name,
    surname: user.surname,
    email: user.email,
    isOidcUser: false,
    changeRequired: false,
  };
}
