/**
 * CoreHub's automation endpoints (reference §4.2, §9): Query Studio, AI agent runs, the enterprise brain,
 * data comparison and Visualize. JSON bodies (unlike the sync commands), replies with a status that a task
 * polls. The request builders are what tasks send and the reply schemas are what the simulator answers,
 * so both sides read the same shapes; the status sets say which answers end a poll.
 */
import { z } from 'zod';
import type { CoreHubRequest } from './port.js';
import { isRecord } from './readers.js';
import { COREHUB_ROUTES, fillRoute } from './routes.js';

/*
 * CoreHub does the work of these POSTs before it answers, so they get the reference's longer call bounds
 * instead of the client's default (COREHUB_REQUEST_TIMEOUT_MS, 30 s); the execution's timeout still bounds
 * the whole run.
 */
const SLOW_CALL_MS = 120_000;
const START_CALL_MS = 60_000;

/* Query Studio */

/** `GET /query-studio/saved-queries/{id}`. */
export function buildSavedQueryRequest(queryId: string): CoreHubRequest {
  return { method: 'GET', path: fillRoute(COREHUB_ROUTES.savedQuery, { queryId }) };
}

const SQL_KEYS = ['sql', 'querySql', 'query_sql', 'query'] as const;
const AGENT_KEYS = ['agentId', 'agent_id', 'agent'] as const;

function firstString(record: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

/**
 * The live SQL and agent of a saved query. CoreHub versions spell them `sql|querySql|query_sql|query` and
 * `agentId|agent_id|agent`, at the top or under `data`; anything unreadable reads as nothing.
 */
export function readSavedQuery(body: unknown): { sql?: string; agentId?: string } {
  if (!isRecord(body)) return {};
  const record = isRecord(body.data) ? { ...body, ...body.data } : body;
  const sql = firstString(record, SQL_KEYS);
  const agentId = firstString(record, AGENT_KEYS);
  return { ...(sql === undefined ? {} : { sql }), ...(agentId === undefined ? {} : { agentId }) };
}

export const QueryStudioExecuteBodySchema = z.looseObject({
  sql: z.string().min(1),
  options: z.looseObject({ readOnly: z.boolean() }),
});

/** `POST /query-studio/pipelines/{p}/agents/{a}/execute {sql, options: {readOnly}}`. */
export function buildQueryStudioExecuteRequest(
  pipelineId: string,
  agentId: string,
  sql: string,
  readOnly: boolean,
): CoreHubRequest {
  return {
    method: 'POST',
    path: fillRoute(COREHUB_ROUTES.queryStudioExecute, { pipelineId, agentId }),
    body: { sql, options: { readOnly } },
    timeoutMs: SLOW_CALL_MS,
  };
}

/** A Query Studio answer whose `status` says the query failed (any case). */
export function isFailedQueryResult(body: unknown): boolean {
  if (!isRecord(body) || typeof body.status !== 'string') return false;
  return ['error', 'failed', 'fail'].includes(body.status.toLowerCase());
}

/* AI agent runs */

/** Terminal statuses of an AI run; `WAITING_APPROVAL` keeps polling (Chronos never approves). */
export const AI_RUN_SUCCEEDED = 'SUCCEEDED';
export const AI_RUN_FAILED_STATUSES = ['FAILED', 'CANCELLED', 'AMBIGUOUS'] as const;

export const AiRunStartBodySchema = z.looseObject({
  input: z.record(z.string(), z.unknown()),
  agentVersion: z.number().int().optional(),
  idempotencyKey: z.string().min(1).optional(),
  correlationId: z.string().min(1).optional(),
});
export type AiRunStartBody = z.infer<typeof AiRunStartBodySchema>;

/** `POST /api/ai/v1/agents/{alias}/runs` and `GET /api/ai/v1/runs/{id}`. */
export const AiRunSchema = z.looseObject({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  status: z.string(),
  error: z.string().nullish(),
  message: z.string().nullish(),
});

/** `GET /api/ai/v1/runs/{id}`: only the status is needed (the id is the one asked for). */
export const AiRunStatusSchema = AiRunSchema.partial({ id: true });

export function buildAiRunStartRequest(agentAlias: string, body: AiRunStartBody): CoreHubRequest {
  return {
    method: 'POST',
    path: fillRoute(COREHUB_ROUTES.aiAgentRuns, { agentAlias }),
    body,
    timeoutMs: SLOW_CALL_MS,
  };
}

export function buildAiRunRequest(runId: string): CoreHubRequest {
  return { method: 'GET', path: fillRoute(COREHUB_ROUTES.aiRun, { runId }) };
}

/* Enterprise brain */

/** `GET|POST /api/ai/v1/brain/job`; `status` is IDLE, CREATING, READY or FAILED. */
export const BrainJobSchema = z.looseObject({
  status: z.string(),
  generation: z.number().nullish(),
  message: z.string().nullish(),
  tablesSeen: z.number().nullish(),
  edgesSeen: z.number().nullish(),
});
export type BrainJob = z.infer<typeof BrainJobSchema>;

export function buildBrainJobRequest(method: 'GET' | 'POST'): CoreHubRequest {
  return method === 'GET'
    ? { method, path: COREHUB_ROUTES.brainJob }
    : { method, path: COREHUB_ROUTES.brainJob, body: {}, timeoutMs: START_CALL_MS };
}

/* Data comparison (entity validation) */

/** Statuses that end a comparison run; `FAILED`/`CANCELLED` end it without a result. */
export const COMPARISON_DONE_STATUSES = [
  'COMPLETED',
  'COMPLETED_WITH_WARNINGS',
  'FAILED',
  'CANCELLED',
] as const;
export const COMPARISON_FAILED_STATUSES = ['FAILED', 'CANCELLED'] as const;

export const ComparisonStartBodySchema = z.looseObject({
  pipelineId: z.string().min(1),
  entityId: z.string().min(1),
});

/** `POST /data-comparison/runs` → `{jobId, status, startedAt}`. */
export const ComparisonStartedSchema = z.looseObject({ jobId: z.string().min(1), status: z.string() });

const Count = z
  .number()
  .int()
  .nullish()
  .transform((value) => value ?? 0);

/** `GET /data-comparison/runs/{jobId}`: counts are absent until the run completes. */
export const ComparisonRunSchema = z.looseObject({
  jobId: z.string().min(1),
  status: z.string(),
  missingInSourceCount: Count,
  missingInTargetCount: Count,
  rowMismatchesCount: Count,
  schemaDifferencesCount: Count,
  errorCode: z.string().nullish(),
  errorMessage: z.string().nullish(),
});
export type ComparisonRun = z.infer<typeof ComparisonRunSchema>;

/** `POST /data-comparison/runs/{jobId}/reconciliation` → counts of what it changed and skipped. */
export const ReconciliationSchema = z.looseObject({
  jobId: z.string().min(1),
  insertedCount: Count,
  deletedCount: Count,
  updatedCount: Count,
  skippedCount: Count,
});

export function buildComparisonStartRequest(pipelineId: string, entityId: string): CoreHubRequest {
  return {
    method: 'POST',
    path: COREHUB_ROUTES.dataComparisonRuns,
    body: { pipelineId, entityId },
    timeoutMs: START_CALL_MS,
  };
}

export function buildComparisonRunRequest(jobId: string): CoreHubRequest {
  return { method: 'GET', path: fillRoute(COREHUB_ROUTES.dataComparisonRun, { jobId }) };
}

/** CoreHub answers once the rows are reconciled: the caller bounds it (the validation timeout). */
export function buildReconciliationRequest(jobId: string, timeoutMs: number): CoreHubRequest {
  return {
    method: 'POST',
    path: fillRoute(COREHUB_ROUTES.dataComparisonReconciliation, { jobId }),
    body: { reconcileAll: true },
    timeoutMs,
  };
}

/** All differences a run found; schema differences cannot be reconciled. */
export function countDifferences(run: ComparisonRun): number {
  return (
    run.missingInSourceCount + run.missingInTargetCount + run.rowMismatchesCount + run.schemaDifferencesCount
  );
}

/** The reference's breakdown sentence of a run's differences. */
export function describeDifferences(run: ComparisonRun): string {
  return (
    `${run.missingInTargetCount} only in source, ${run.missingInSourceCount} only in target, ` +
    `${run.rowMismatchesCount} mismatching rows, ${run.schemaDifferencesCount} schema differences`
  );
}

/* Visualize */

export const VisualizeRefreshBodySchema = z.looseObject({
  task: z.literal('visualize.refresh'),
  vizId: z.string().min(1),
  parameters: z.record(z.string(), z.string()).optional(),
  scheduleId: z.number().int().optional(),
});

/** `POST /visualize/refresh` → 202 `{scheduled}`. */
export const VisualizeRefreshReplySchema = z.looseObject({ scheduled: z.boolean() });

export function buildVisualizeRefreshRequest(
  vizId: string,
  parameters: Record<string, string> | undefined,
  scheduleId: number | undefined,
): CoreHubRequest {
  return {
    method: 'POST',
    path: COREHUB_ROUTES.visualizeRefresh,
    body: {
      task: 'visualize.refresh',
      vizId,
      ...(parameters === undefined ? {} : { parameters }),
      ...(scheduleId === undefined ? {} : { scheduleId }),
    },
  };
}
