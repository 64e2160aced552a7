import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  idPathParams,
  jsonBody,
  jsonResponse,
  problemResponses,
  WRITE_PROBLEMS,
} from '../../http/openapi.js';
import {
  ExecutionPageSchema,
  ExecutionSchema,
  ListJobExecutionsQuerySchema,
  RunQuerySchema,
  RunResultSchema,
} from '../executions/executions.schemas.js';
import { DeliveryPageSchema, ListDeliveriesQuerySchema } from '../notifications/notifications.schemas.js';
import {
  ChainStatusSchema,
  CreateJobBodySchema,
  JobPageSchema,
  JobSchema,
  JobStatusBodySchema,
  ListJobsQuerySchema,
  UpdateJobBodySchema,
} from './jobs.schemas.js';

const JobIdParams = idPathParams('Job id');

/** Every example names the demo's pipeline, entities and group (`pnpm start`), so "Try it out" works there. */
const CREATE_EXAMPLES = {
  friendly: {
    summary: 'Friendly schedule: Monday, Wednesday, Friday 08:30 → cron "30 8 * * 1,3,5"',
    value: {
      name: 'Start orders entity on weekdays',
      task_type: 'entity_start',
      schedule: { days_of_week: ['monday', 'wednesday', 'friday'], hour: 8, minute: 30 },
      pipeline_id: '8aeb9fb6',
      entity_ids: ['98fd97b8'],
    },
  },
  cron: {
    summary: 'Cron expression in an explicit zone',
    value: {
      name: 'Nightly group snapshot',
      task_type: 'group_snapshot',
      cron_expression: '0 2 * * *',
      timezone: 'Europe/Rome',
      pipeline_id: '8aeb9fb6',
      group_ids: ['g-orders'],
      snapshot_write_method: 'INSERT',
    },
  },
  legacy: {
    summary: 'Legacy single entity_id (accepted as entity_ids: ["98fd97b8"])',
    value: {
      name: 'Stop orders at night',
      task_type: 'entity_stop',
      cron_expression: '0 22 * * *',
      pipeline_id: '8aeb9fb6',
      entity_id: '98fd97b8',
    },
  },
};

/** Documents every `/api/jobs` route (kept next to `jobs.routes.ts`; a test checks they match). */
export function registerJobsOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/jobs',
    operationId: 'listJobs',
    tags: ['jobs'],
    summary: 'List jobs',
    description: 'Ordered by id; `total` counts every match before pagination. Also served at `/api/jobs/`.',
    request: { query: ListJobsQuerySchema },
    responses: { 200: jsonResponse(JobPageSchema, 'A page of jobs'), ...problemResponses(422, 503) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/jobs',
    operationId: 'createJob',
    tags: ['jobs'],
    summary: 'Create a job',
    description:
      '`schedule` or `cron_expression` is required (`cron_expression` wins when both are given). Task rules ' +
      'come from the task registry (e.g. `entity_*` need at least one entity id). The database is written ' +
      'first, then the BullMQ scheduler; `schedule_sync: "pending"` means Redis was not reachable.',
    request: { body: jsonBody(CreateJobBodySchema, CREATE_EXAMPLES) },
    responses: { 201: jsonResponse(JobSchema, 'The created job'), ...problemResponses(...WRITE_PROBLEMS) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/jobs/{id}',
    operationId: 'getJob',
    tags: ['jobs'],
    summary: 'Get a job',
    request: { params: JobIdParams },
    responses: { 200: jsonResponse(JobSchema, 'The job'), ...problemResponses(404, 422, 503) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/jobs/{id}/chain-status',
    operationId: 'getJobChainStatus',
    tags: ['jobs'],
    summary: "A job's chained events and last error",
    description:
      'Whether the job has chained events and its last error (a failed chain writes ' +
      '`Chained event pos={pos} ({task_type}) failed or timed out` there). Each chain step is in the ' +
      "execution's `chain` (`GET /api/executions/{id}`).",
    request: { params: JobIdParams },
    responses: {
      200: jsonResponse(ChainStatusSchema, 'The chain status'),
      ...problemResponses(404, 422, 503),
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/jobs/{id}',
    operationId: 'updateJob',
    tags: ['jobs'],
    summary: 'Update a job (partial)',
    description:
      'Fields left out keep their values. `timezone: null` makes the job follow the setting again.',
    request: { params: JobIdParams, body: jsonBody(UpdateJobBodySchema) },
    responses: {
      200: jsonResponse(JobSchema, 'The updated job'),
      ...problemResponses(404, ...WRITE_PROBLEMS),
    },
  });
  registry.registerPath({
    method: 'patch',
    path: '/api/jobs/{id}/status',
    operationId: 'setJobEnabled',
    tags: ['jobs'],
    summary: 'Enable or disable a job',
    description: 'Disabling removes the BullMQ scheduler; enabling restores it.',
    request: { params: JobIdParams, body: jsonBody(JobStatusBodySchema) },
    responses: { 200: jsonResponse(JobSchema, 'The job'), ...problemResponses(404, ...WRITE_PROBLEMS) },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/jobs/{id}',
    operationId: 'deleteJob',
    tags: ['jobs'],
    summary: 'Delete a job',
    description: 'Removes its scheduler. Its execution history is deleted with it (cascade).',
    request: { params: JobIdParams },
    responses: { 204: { description: 'Deleted' }, ...problemResponses(404, 422, 503) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/jobs/{id}/run',
    operationId: 'runJobNow',
    tags: ['jobs'],
    summary: 'Run a job now',
    description:
      'Records a `manual` execution (status `queued`) and queues it for a worker: 202 with the execution. ' +
      'With `wait=true` the answer waits (up to `timeout_seconds`, default 120) and is 200 with the ' +
      'finished execution plus `success` and `message`; on timeout `success` is false and the message says ' +
      'it is still running. 503 when Redis is down (the execution is recorded as failed).',
    request: { params: JobIdParams, query: RunQuerySchema },
    responses: {
      200: jsonResponse(RunResultSchema, 'wait=true: the execution as it ended (or as it is at the timeout)'),
      202: jsonResponse(ExecutionSchema, 'Queued'),
      ...problemResponses(404, 409, 422, 503),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/jobs/{id}/executions',
    operationId: 'listJobExecutions',
    tags: ['jobs', 'executions'],
    summary: "A job's executions",
    description: 'Newest first.',
    request: { params: JobIdParams, query: ListJobExecutionsQuerySchema },
    responses: {
      200: jsonResponse(ExecutionPageSchema, 'A page of executions'),
      ...problemResponses(404, 422, 503),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/jobs/{id}/notifications/deliveries',
    operationId: 'listJobNotificationDeliveries',
    tags: ['jobs'],
    summary: "Every delivery attempt of a job's notifications",
    description:
      'Newest first: one row per HTTP attempt (a retry is a new row with the next `attempt`). Rows go with ' +
      'their execution and by age (`RETENTION_DAYS`).',
    request: { params: JobIdParams, query: ListDeliveriesQuerySchema },
    responses: {
      200: jsonResponse(DeliveryPageSchema, 'A page of delivery attempts'),
      ...problemResponses(404, 422, 503),
    },
  });
}
