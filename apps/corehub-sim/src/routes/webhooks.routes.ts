import { COREHUB_ROUTES, CoreHubWebhookListSchema } from '@chronos/corehub/contract';
import { Router } from 'express';
import { z } from 'zod';
import { sendHubError } from '../reply.js';
import type { SimWebhooks } from '../webhooks.js';

/** `GET /global-config/webhooks` (the whole list) and `PUT` (replaces it), reference §9. */
export function createWebhookRoutes(webhooks: SimWebhooks): Router {
  const router = Router();
  router.get(COREHUB_ROUTES.webhooks, (_req, res) => {
    res.json(webhooks.read());
  });
  router.put(COREHUB_ROUTES.webhooks, (req, res) => {
    const list = CoreHubWebhookListSchema.safeParse(req.body);
    if (!list.success) return sendHubError(res, 400, `Invalid webhooks: ${z.prettifyError(list.error)}`);
    webhooks.replace(list.data);
    res.json(webhooks.read());
  });
  return router;
}
