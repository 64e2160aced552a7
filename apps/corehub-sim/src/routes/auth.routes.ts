import { COREHUB_ROUTES, CoreHubUserSchema, LoginReplySchema } from '@chronos/corehub/contract';
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { type Caller, createRequireCaller, describeCaller } from '../caller-auth.js';
import type { ModuleHub } from '../module-hub.js';
import { sendChecked, sendHubError } from '../reply.js';
import type { SimState } from '../sim-state.js';

const LoginBodySchema = z.object({ username: z.string(), password: z.string() });

/** `POST /authentication/login`, `GET /authentication/me` (health probe) and `GET /auth/me` (introspection). */
export function createAuthRoutes(state: SimState, hub: ModuleHub): Router {
  const router = Router();
  router.post(COREHUB_ROUTES.login, (req, res) => {
    const body = LoginBodySchema.safeParse(req.body);
    const user = body.success ? state.findUserByLogin(body.data.username, body.data.password) : undefined;
    if (!user) return sendHubError(res, 401, 'Invalid username or password');
    res.cookie('gs-auth', user.token, { httpOnly: true, path: '/', sameSite: 'lax' });
    sendChecked(res, LoginReplySchema, { apiToken: user.token, changeRequired: false });
  });
  const me = (_req: Request, res: Response) =>
    sendChecked(res, CoreHubUserSchema, describeCaller(res.locals.caller as Caller));
  const requireCaller = createRequireCaller(state, hub);
  router.get(COREHUB_ROUTES.moduleIdentity, requireCaller, me);
  router.get(COREHUB_ROUTES.callerIdentity, requireCaller, me);
  return router;
}
