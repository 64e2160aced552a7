import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { EXECUTION_TRIGGERS } from '@chronos/jobs';
import { Router } from 'express';
import { instantString, MAX_ID, optionalQueryInteger } from '../../http/common-schemas.js';
import { problemResponses } from '../../http/openapi.js';
import { UpgradeRequiredError } from '../../http/request-errors.js';
import { z } from '../../http/zod.js';

const ExecutionEventMessageSchema = z
  .object({
    type: z.enum(['connected', 'execution.queued', 'execution.started', 'execution.finished']),
    job_id: z.number().int().nullable(),
    execution_id: z.number().int().optional(),
    status: z.string().optional(),
    trigger: z.enum(EXECUTION_TRIGGERS).optional(),
    scheduled_for: instantString().optional(),
    attempt: z.number().int().optional(),
    at: instantString().optional(),
    error: z.string().nullable().optional(),
  })
  .openapi('ExecutionEventMessage', {
    description: 'One WebSocket text message; the first is `{type: "connected", job_id}`',
  });

/** A plain GET on the WebSocket endpoint explains itself (426) instead of a bare 404. */
export function createEventsRouter(): Router {
  const router = Router();
  router.get('/', (req) => {
    throw new UpgradeRequiredError(req.baseUrl);
  });
  return router;
}

export function registerEventsOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/events',
    operationId: 'streamEvents',
    tags: ['events'],
    summary: 'Execution event stream (WebSocket)',
    description:
      'Upgrade to WebSocket to receive execution events (queued, started, finished) as JSON text messages. ' +
      '`job_id` narrows the stream to one job.',
    request: { query: z.object({ job_id: optionalQueryInteger({ min: 1, max: MAX_ID }) }) },
    responses: {
      101: {
        description: 'Switching to WebSocket; messages follow',
        content: { 'application/json': { schema: ExecutionEventMessageSchema } },
      },
      ...problemResponses(400, 426),
    },
  });
}
