import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import type { ApiDeps } from '../../deps.js';
import { IdParamsSchema } from '../../http/common-schemas.js';
import { idPathParams, jsonResponse, problemResponses } from '../../http/openapi.js';
import { parseInput } from '../../http/validate.js';
import { toExecutionResponse, toExecutionSummary } from './execution-response.js';
import { ExecutionPageSchema, ExecutionSchema, ListExecutionsQuerySchema } from './executions.schemas.js';

/** `/api/executions`: the history of every job, newest first, and one execution with its steps. */
export function createExecutionsRouter(deps: ApiDeps): Router {
  const router = Router();

  router.get('/', deps.auth.requirePermission('read'), async (req, res) => {
    const query = parseInput(ListExecutionsQuerySchema, req.query, 'query');
    const page = await deps.db.executions.list({
      skip: query.skip,
      limit: query.limit,
      ...(query.job_id === undefined ? {} : { jobId: query.job_id }),
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.since === undefined ? {} : { since: new Date(query.since) }),
    });
    res.json({ items: page.items.map(toExecutionSummary), total: page.total });
  });

  router.get('/:id', deps.auth.requirePermission('read'), async (req, res) => {
    const { id } = parseInput(IdParamsSchema, req.params, 'path');
    const execution = await deps.db.executions.get(id);
    res.json(toExecutionResponse(execution, await deps.db.chains.listSteps(id)));
  });

  return router;
}

export function registerExecutionsOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/executions',
    operationId: 'listExecutions',
    tags: ['executions'],
    summary: 'List executions',
    description:
      'Newest first (scheduled time). Filters `job_id`, `status`, `since`. Also at `/api/executions/`.',
    request: { query: ListExecutionsQuerySchema },
    responses: {
      200: jsonResponse(ExecutionPageSchema, 'A page of executions'),
      ...problemResponses(422, 503),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/executions/{id}',
    operationId: 'getExecution',
    tags: ['executions'],
    summary: 'Get an execution with its steps',
    request: { params: idPathParams('Execution id') },
    responses: { 200: jsonResponse(ExecutionSchema, 'The execution'), ...problemResponses(404, 422, 503) },
  });
}
