import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  idPathParams,
  jsonBody,
  jsonResponse,
  OPEN_ROUTE,
  problemResponses,
  WRITE_PROBLEMS,
} from '../../http/openapi.js';
import { z } from '../../http/zod.js';
import {
  CreateTriggerFlowBodySchema,
  ExecutionLogSchema,
  FirePayloadSchema,
  FireQuerySchema,
  FireResponseSchema,
  ListLogsQuerySchema,
  ListTriggerFlowsQuerySchema,
  TriggerFlowPageSchema,
  TriggerFlowSchema,
  TriggerFlowStatusBodySchema,
  TriggerFlowWithTokenSchema,
  UpdateTriggerFlowBodySchema,
} from './triggers.schemas.js';

const FlowIdParams = idPathParams('TriggerFlow id');
const optionalPayload = {
  required: false,
  content: { 'application/json': { schema: FirePayloadSchema } },
};
const fireResponses = {
  200: jsonResponse(
    FireResponseSchema,
    'With `wait=true`: the flow `completed` or `failed` (also on timeout)',
  ),
  202: jsonResponse(FireResponseSchema, 'Queued: a worker runs the flow'),
};

/** Documents every `/api/triggers` route and the platform-event webhook (kept next to the routers). */
export function registerTriggersOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/triggers',
    operationId: 'listTriggerFlows',
    tags: ['triggers'],
    summary: 'List TriggerFlows',
    description: 'Ordered by id. Also served at `/api/triggers/`.',
    request: { query: ListTriggerFlowsQuerySchema },
    responses: { 200: jsonResponse(TriggerFlowPageSchema, 'A page of flows'), ...problemResponses(422, 503) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/triggers',
    operationId: 'createTriggerFlow',
    tags: ['triggers'],
    summary: 'Create a TriggerFlow',
    description: 'Answers the flow with its `secret_token`, shown only here and by regenerate-token.',
    request: { body: jsonBody(CreateTriggerFlowBodySchema) },
    responses: {
      201: jsonResponse(TriggerFlowWithTokenSchema, 'The created flow and its token'),
      ...problemResponses(...WRITE_PROBLEMS),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/triggers/{id}',
    operationId: 'getTriggerFlow',
    tags: ['triggers'],
    summary: 'Get a TriggerFlow',
    request: { params: FlowIdParams },
    responses: { 200: jsonResponse(TriggerFlowSchema, 'The flow'), ...problemResponses(404, 422, 503) },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/triggers/{id}',
    operationId: 'updateTriggerFlow',
    tags: ['triggers'],
    summary: 'Update a TriggerFlow',
    request: { params: FlowIdParams, body: jsonBody(UpdateTriggerFlowBodySchema) },
    responses: {
      200: jsonResponse(TriggerFlowSchema, 'The flow'),
      ...problemResponses(404, ...WRITE_PROBLEMS),
    },
  });
  registry.registerPath({
    method: 'patch',
    path: '/api/triggers/{id}/status',
    operationId: 'setTriggerFlowStatus',
    tags: ['triggers'],
    summary: 'Enable or disable a TriggerFlow',
    request: { params: FlowIdParams, body: jsonBody(TriggerFlowStatusBodySchema) },
    responses: {
      200: jsonResponse(TriggerFlowSchema, 'The flow'),
      ...problemResponses(404, ...WRITE_PROBLEMS),
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/triggers/{id}',
    operationId: 'deleteTriggerFlow',
    tags: ['triggers'],
    summary: 'Delete a TriggerFlow with its events and execution logs',
    request: { params: FlowIdParams },
    responses: { 204: { description: 'Deleted' }, ...problemResponses(404, 422, 503) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/triggers/{id}/regenerate-token',
    operationId: 'regenerateTriggerToken',
    tags: ['triggers'],
    summary: 'Replace the secret token (the old one stops working at once)',
    request: { params: FlowIdParams },
    responses: {
      200: jsonResponse(TriggerFlowWithTokenSchema, 'The flow and its new token'),
      ...problemResponses(404, 422, 503),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/triggers/{id}/fire',
    operationId: 'fireTriggerFlow',
    tags: ['triggers'],
    ...OPEN_ROUTE,
    summary: 'Fire a TriggerFlow with its secret token',
    description:
      'The `X-Trigger-Token` header is the only credential. An unknown flow and a wrong token answer the same ' +
      '401 `Invalid token or TriggerFlow not found`; too many of them from one client answer 429. The ' +
      'optional JSON-object body (≤ 64 KiB) is forwarded as the event payload; source `webhook`.',
    request: {
      params: FlowIdParams,
      query: FireQuerySchema,
      headers: z.object({
        'X-Trigger-Token': z.string().openapi({ description: "The flow's secret token" }),
      }),
      body: optionalPayload,
    },
    responses: { ...fireResponses, ...problemResponses(400, 401, 403, 413, 415, 422, 429, 503) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/triggers/{id}/fire-internal',
    operationId: 'fireTriggerFlowInternal',
    tags: ['triggers'],
    summary: 'Fire a TriggerFlow as a manager (source `manual`)',
    request: { params: FlowIdParams, query: FireQuerySchema, body: optionalPayload },
    responses: { ...fireResponses, ...problemResponses(404, 400, 413, 415, 422, 503) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/triggers/{id}/logs',
    operationId: 'listTriggerFlowLogs',
    tags: ['triggers'],
    summary: "A flow's execution logs, newest first",
    request: { params: FlowIdParams, query: ListLogsQuerySchema },
    responses: {
      200: jsonResponse(z.array(ExecutionLogSchema), 'The newest logs'),
      ...problemResponses(404, 422, 503),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/webhooks/platform-event',
    operationId: 'receivePlatformEvent',
    tags: ['triggers'],
    ...OPEN_ROUTE,
    summary: "CoreHub's webhook for a flow's platform event",
    description:
      'Headers `EXT_MODULE: chronos` and `X-Trigger-Flow-ID`. Fires that flow (source `platform_event`, with ' +
      'its routing and the AI loop guard) when it exists, is enabled and the payload is its platform event; ' +
      'otherwise acknowledged and skipped. Rate limited per client (WEBHOOK_RATE_LIMIT a minute).',
    request: {
      headers: z.object({
        EXT_MODULE: z.literal('chronos'),
        'X-Trigger-Flow-ID': z.string().openapi({ example: '7' }),
      }),
      body: optionalPayload,
    },
    responses: {
      200: jsonResponse(
        z.object({ acknowledged: z.literal(true), flow_id: z.number().int() }).openapi('PlatformEventAck'),
        'Acknowledged (the flow is queued, or the event skipped)',
      ),
      ...problemResponses(400, 413, 415, 429, 503),
    },
  });
}
