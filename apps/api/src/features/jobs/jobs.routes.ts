import { type Request, Router } from 'express';
import type { ApiDeps } from '../../deps.js';
import { abortWhenClientLeaves } from '../../http/abort-on-close.js';
import { IdParamsSchema } from '../../http/common-schemas.js';
import { getRequestId } from '../../http/error-handler.js';
import { parseInput } from '../../http/validate.js';
import { toExecutionResponse, toExecutionSummary } from '../executions/execution-response.js';
import { ListJobExecutionsQuerySchema, RunQuerySchema } from '../executions/executions.schemas.js';
import { startRun, waitForRun } from '../executions/run-now.service.js';
import { ListDeliveriesQuerySchema } from '../notifications/notifications.schemas.js';
import { toDeliveryResponse } from '../notifications/notifications.service.js';
import {
  CreateJobBodySchema,
  JobStatusBodySchema,
  ListJobsQuerySchema,
  UpdateJobBodySchema,
} from './jobs.schemas.js';
import {
  createJob,
  deleteJob,
  getChainStatus,
  getJob,
  listJobs,
  setJobEnabled,
  updateJob,
} from './jobs.service.js';

const jobId = (req: Request) => parseInput(IdParamsSchema, req.params, 'path').id;

/**
 * `/api/jobs`: CRUD, enable/disable, run now and a job's history. Collection paths answer with and without
 * a trailing slash (Express's non-strict routing), never with a redirect. Each route is its own handler so
 * an auth guard can be put in front of any one of them.
 */
export function createJobsRouter(deps: ApiDeps): Router {
  const router = Router();
  const { requirePermission } = deps.auth;

  router.get('/', requirePermission('read'), async (req, res) => {
    res.json(await listJobs(deps, parseInput(ListJobsQuerySchema, req.query, 'query')));
  });

  router.post('/', requirePermission('manage'), async (req, res) => {
    res.status(201).json(await createJob(deps, parseInput(CreateJobBodySchema, req.body, 'body')));
  });

  router.get('/:id', requirePermission('read'), async (req, res) => {
    res.json(await getJob(deps, jobId(req)));
  });

  // The reference leaves it unauthenticated (§1.1, gap 20); here it is a read like any other.
  router.get('/:id/chain-status', requirePermission('read'), async (req, res) => {
    res.json(await getChainStatus(deps, jobId(req)));
  });

  router.put('/:id', requirePermission('manage'), async (req, res) => {
    const id = jobId(req);
    res.json(await updateJob(deps, id, parseInput(UpdateJobBodySchema, req.body, 'body')));
  });

  router.patch('/:id/status', requirePermission('control'), async (req, res) => {
    const id = jobId(req);
    const body = parseInput(JobStatusBodySchema, req.body, 'body');
    res.json(await setJobEnabled(deps, id, body.enabled));
  });

  router.delete('/:id', requirePermission('manage'), async (req, res) => {
    await deleteJob(deps, jobId(req));
    res.status(204).end();
  });

  router.post('/:id/run', requirePermission('control'), async (req, res) => {
    const id = jobId(req);
    const query = parseInput(RunQuerySchema, req.query, 'query');
    const execution = await startRun(deps, id, getRequestId(req));
    if (!query.wait) {
      res.status(202).json(toExecutionResponse(execution));
      return;
    }
    const signal = abortWhenClientLeaves(res);
    res.json(await waitForRun(deps, execution, { timeoutSeconds: query.timeout_seconds, signal }));
  });

  router.get('/:id/executions', requirePermission('read'), async (req, res) => {
    const id = jobId(req);
    const query = parseInput(ListJobExecutionsQuerySchema, req.query, 'query');
    await deps.db.jobs.get(id);
    const page = await deps.db.executions.list({
      jobId: id,
      skip: query.skip,
      limit: query.limit,
      ...(query.status ? { status: query.status } : {}),
    });
    res.json({ items: page.items.map(toExecutionSummary), total: page.total });
  });

  router.get('/:id/notifications/deliveries', requirePermission('read'), async (req, res) => {
    const id = jobId(req);
    const query = parseInput(ListDeliveriesQuerySchema, req.query, 'query');
    const job = await deps.db.jobs.get(id);
    const page = await deps.db.notifications.listDeliveries({
      jobId: id,
      skip: query.skip,
      limit: query.limit,
      ...(query.execution_id === undefined ? {} : { executionId: query.execution_id }),
    });
    res.json({ items: page.items.map((d) => toDeliveryResponse(d, job.timezoneName)), total: page.total });
  });

  return router;
}
