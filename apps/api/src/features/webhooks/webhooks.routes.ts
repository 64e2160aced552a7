import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { createFailureLimiter } from '@chronos/auth';
import { WEBHOOK_HEADERS, WEBHOOK_MODULE_NAME } from '@chronos/corehub/contract';
import { BadRequestError, TooManyRequestsError } from '@chronos/errors';
import { type Request, type RequestHandler, Router } from 'express';
import type { ApiDeps } from '../../deps.js';
import { jsonResponse, OPEN_ROUTE, problemResponses } from '../../http/openapi.js';
import { z } from '../../http/zod.js';
import { createPlatformEventRouter } from '../platform-events/platform-event.routes.js';
import { receiveNotify } from './notify.service.js';

/** The reference's 400 details (§1.5). */
export const BAD_MODULE_HEADER = "Invalid or missing EXT_MODULE header (expected 'chronos')";
export const MISSING_EVENT_ID = 'Missing X-Event-ID header';

/**
 * Requests per client address and minute on the unauthenticated receivers: the failure limiter's sliding
 * window, counting every request (CoreHub sends one per lifecycle event; a flood is refused with 429).
 */
export function createWebhookRateLimit(perMinute: number): RequestHandler {
  const window = createFailureLimiter({ limit: perMinute, windowMs: 60_000 });
  return (req, _res, next) => {
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const waitMs = window.retryAfterMs(client);
    if (waitMs > 0) {
      next(
        new TooManyRequestsError('too many webhook requests', {
          retryAfterSeconds: Math.ceil(waitMs / 1000),
          detail: `More than ${perMinute} webhook requests a minute from this address; retry later`,
        }),
      );
      return;
    }
    window.recordFailure(client);
    next();
  };
}

function badHeader(detail: string): BadRequestError {
  return new BadRequestError(detail, { detail, code: 'BAD_REQUEST_HEADER' });
}

/** `EXT_MODULE: chronos`, the only proof a webhook receiver asks for (the reference's). */
export function assertFromCoreHub(req: Request): void {
  if (req.get(WEBHOOK_HEADERS.module) !== WEBHOOK_MODULE_NAME) throw badHeader(BAD_MODULE_HEADER);
}

/**
 * `/api/webhooks/*`: what CoreHub's persistent webhooks call. Unauthenticated (CoreHub sends no
 * credentials), rate limited, mounted before the `/api` guard. The platform-event receiver of TriggerFlows
 * mounts here too, under the same limit.
 */
export function createWebhooksRouter(deps: ApiDeps): Router {
  const router = Router();
  // One limit for every receiver here: CoreHub's chain notifications and TriggerFlows' platform events.
  router.use(createWebhookRateLimit(deps.config.http.webhookRateLimit));
  router.use(createPlatformEventRouter(deps));

  router.post('/notify', async (req, res) => {
    assertFromCoreHub(req);
    const eventId = req.get(WEBHOOK_HEADERS.eventId)?.trim();
    if (!eventId) throw badHeader(MISSING_EVENT_ID);
    res.json(await receiveNotify(deps, eventId));
  });

  return router;
}

const NotifyHeadersSchema = z.object({
  EXT_MODULE: z.literal(WEBHOOK_MODULE_NAME),
  'X-Event-ID': z.string().openapi({ description: 'The chained event id (`chronos-sync-{id}` webhook)' }),
});

const NotifyAnswerSchema = z
  .union([
    z.object({ acknowledged: z.literal(true), event_id: z.string() }),
    z.object({ acknowledged: z.literal(false), reason: z.string() }),
  ])
  .openapi('WebhookNotifyAnswer');

/** Documents `/api/webhooks/*` (open: CoreHub sends no credentials). */
export function registerWebhooksOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/api/webhooks/notify',
    operationId: 'notifyWebhook',
    tags: ['webhooks'],
    summary: "CoreHub's webhook for a sync chained event",
    description:
      'Called by CoreHub (persistent webhook `chronos-sync-{eventId}`) when the task before a sync chained ' +
      'event took effect; releases the waiting chain step on any worker. Any api replica may receive it; ' +
      'one that arrives before the step starts waiting still counts. `acknowledged: false` when nothing ' +
      `listens for the event. Rate limited per client address (WEBHOOK_RATE_LIMIT a minute).`,
    ...OPEN_ROUTE,
    request: { headers: NotifyHeadersSchema },
    responses: {
      200: jsonResponse(NotifyAnswerSchema, 'Recorded, or nothing listens for the event'),
      ...problemResponses(400, 429, 503),
    },
  });
}
