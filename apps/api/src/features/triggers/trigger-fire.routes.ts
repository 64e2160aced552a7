import { createFailureLimiter } from '@chronos/auth';
import { AuthenticationError, ForbiddenError, TooManyRequestsError } from '@chronos/errors';
import type { TriggerFlow } from '@chronos/jobs';
import { type Request, Router } from 'express';
import type { ApiDeps } from '../../deps.js';
import { IdParamSchema } from '../../http/common-schemas.js';
import { answerFire } from './fire-request.js';
import { isTriggerTokenValid } from './trigger-token.js';

export const TRIGGER_TOKEN_HEADER = 'X-Trigger-Token';
/** The one answer for an unknown flow and a wrong token, so a caller cannot tell flows exist (no enumeration). */
export const INVALID_TOKEN_MESSAGE = 'Invalid token or TriggerFlow not found';

/** 403 `TriggerFlow {id} is disabled` (checked only once the caller proved it may fire the flow). */
export function assertFlowEnabled(flow: TriggerFlow): void {
  if (!flow.enabled) {
    throw new ForbiddenError(`trigger flow ${flow.id} is disabled`, {
      code: 'TRIGGER_FLOW_DISABLED',
      detail: `TriggerFlow ${flow.id} is disabled`,
    });
  }
}

function invalidToken(): AuthenticationError {
  return new AuthenticationError('invalid trigger token or unknown flow', {
    code: 'INVALID_TRIGGER_TOKEN',
    detail: INVALID_TOKEN_MESSAGE,
  });
}

/** The flow id of the path, or undefined for a segment no flow can have (answered like an unknown flow). */
function pathFlowId(req: Request): number | undefined {
  const parsed = IdParamSchema.safeParse(req.params.id);
  return parsed.success ? parsed.data : undefined;
}

/**
 * `POST /api/triggers/{id}/fire`: the flow's secret token in `X-Trigger-Token` is the only credential
 * (mounted before the API's auth guard). Wrong tokens and unknown flows count as failed authentications per
 * client (AUTH_FAILURE_LIMIT per AUTH_FAILURE_WINDOW_SECONDS); past the limit the client gets 429.
 */
export function createTriggerFireRouter(deps: ApiDeps): Router {
  const router = Router();
  const limiter = createFailureLimiter({
    limit: deps.config.auth.failureLimit,
    windowMs: deps.config.auth.failureWindowMs,
  });

  router.post('/:id/fire', async (req, res) => {
    const token = req.get(TRIGGER_TOKEN_HEADER);
    if (!token) {
      throw new AuthenticationError('missing trigger token', {
        code: 'MISSING_TRIGGER_TOKEN',
        detail: `Missing ${TRIGGER_TOKEN_HEADER} header`,
      });
    }
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const waitMs = limiter.retryAfterMs(client);
    if (waitMs > 0) {
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      throw new TooManyRequestsError('too many invalid trigger tokens', {
        code: 'TRIGGER_RATE_LIMITED',
        detail: `Too many invalid trigger tokens; retry in ${retryAfterSeconds} s`,
        retryAfterSeconds,
      });
    }
    const id = pathFlowId(req);
    const storedHash = id === undefined ? null : await deps.db.triggerFlows.findTokenHash(id);
    const flow =
      isTriggerTokenValid(token, storedHash) && id !== undefined ? await deps.db.triggerFlows.find(id) : null;
    if (!flow) {
      limiter.recordFailure(client);
      throw invalidToken();
    }
    assertFlowEnabled(flow);
    await answerFire(deps, req, res, flow, 'webhook');
  });

  return router;
}
