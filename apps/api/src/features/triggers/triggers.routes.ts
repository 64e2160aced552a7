import { type Request, Router } from 'express';
import type { ApiDeps } from '../../deps.js';
import { IdParamsSchema } from '../../http/common-schemas.js';
import { parseInput } from '../../http/validate.js';
import { getDefaultTimezone } from '../settings/default-timezone.js';
import { answerFire } from './fire-request.js';
import { toExecutionLogResponse } from './flow-response.js';
import { assertFlowEnabled } from './trigger-fire.routes.js';
import {
  CreateTriggerFlowBodySchema,
  ListLogsQuerySchema,
  ListTriggerFlowsQuerySchema,
  TriggerFlowStatusBodySchema,
  UpdateTriggerFlowBodySchema,
} from './triggers.schemas.js';
import {
  createTriggerFlow,
  deleteTriggerFlow,
  listTriggerFlows,
  type ResponseContext,
  regenerateTriggerToken,
  respondWithFlow,
  setTriggerFlowEnabled,
  updateTriggerFlow,
} from './triggers.service.js';

const flowId = (req: Request) => parseInput(IdParamsSchema, req.params, 'path').id;

/** PUBLIC_URL when set, else the address this caller reached the api at (proxies per TRUST_PROXY). */
export function responseContextOf(deps: ApiDeps, req: Request): ResponseContext {
  return { baseUrl: deps.config.http.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}` };
}

/**
 * `/api/triggers` for authenticated callers (reference §1.4): reads for any role, writes and `fire-internal`
 * for the manage role. Collection paths answer with and without a trailing slash, never with a redirect.
 * `POST /{id}/fire` (token, no session) is `trigger-fire.routes.ts`, mounted before the API's auth guard.
 */
export function createTriggersRouter(deps: ApiDeps): Router {
  const router = Router();
  const { requirePermission } = deps.auth;

  router.get('/', requirePermission('read'), async (req, res) => {
    const query = parseInput(ListTriggerFlowsQuerySchema, req.query, 'query');
    res.json(await listTriggerFlows(deps, query, responseContextOf(deps, req)));
  });

  router.post('/', requirePermission('manage'), async (req, res) => {
    const body = parseInput(CreateTriggerFlowBodySchema, req.body, 'body');
    res.status(201).json(await createTriggerFlow(deps, body, responseContextOf(deps, req)));
  });

  router.get('/:id', requirePermission('read'), async (req, res) => {
    const flow = await deps.db.triggerFlows.get(flowId(req));
    res.json(await respondWithFlow(deps, flow, responseContextOf(deps, req)));
  });

  router.put('/:id', requirePermission('manage'), async (req, res) => {
    const id = flowId(req);
    const body = parseInput(UpdateTriggerFlowBodySchema, req.body, 'body');
    res.json(await updateTriggerFlow(deps, id, body, responseContextOf(deps, req)));
  });

  router.patch('/:id/status', requirePermission('manage'), async (req, res) => {
    const id = flowId(req);
    const body = parseInput(TriggerFlowStatusBodySchema, req.body, 'body');
    res.json(await setTriggerFlowEnabled(deps, id, body.enabled, responseContextOf(deps, req)));
  });

  router.delete('/:id', requirePermission('manage'), async (req, res) => {
    await deleteTriggerFlow(deps, flowId(req));
    res.status(204).end();
  });

  router.post('/:id/regenerate-token', requirePermission('manage'), async (req, res) => {
    res.json(await regenerateTriggerToken(deps, flowId(req), responseContextOf(deps, req)));
  });

  router.post('/:id/fire-internal', requirePermission('manage'), async (req, res) => {
    const flow = await deps.db.triggerFlows.get(flowId(req));
    assertFlowEnabled(flow);
    await answerFire(deps, req, res, flow, 'manual');
  });

  router.get('/:id/logs', requirePermission('read'), async (req, res) => {
    const id = flowId(req);
    const query = parseInput(ListLogsQuerySchema, req.query, 'query');
    await deps.db.triggerFlows.get(id);
    const [logs, zone] = await Promise.all([
      deps.db.flowLogs.listForFlow(id, query.limit),
      getDefaultTimezone(deps),
    ]);
    res.json(logs.map((log) => toExecutionLogResponse(log, zone)));
  });

  return router;
}
