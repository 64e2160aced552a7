/**
 * CoreHub's REST routes that Chronos calls and the simulator serves (reference §9), as Express-style
 * templates: the simulator mounts them as they are, callers fill them with `fillRoute`. One table, so the
 * paths a task sends and the paths the simulator answers cannot drift.
 */
import type { CoreHubRequest } from './port.js';

export const COREHUB_ROUTES = {
  /** `POST` username/password → `{apiToken, changeRequired}` (the UI's login). */
  login: '/authentication/login',
  /** `GET` the caller behind a bearer or `gs-auth` cookie (the API's introspection). */
  callerIdentity: '/auth/me',
  /** `GET` the module itself (the client's health probe). */
  moduleIdentity: '/authentication/me',
  pipelines: '/pipelines',
  pipeline: '/pipelines/:pipelineId',
  /** `GET` → `[{entity: {entityId, groupId, …}}]`. */
  pipelineEntities: '/pipelines/:pipelineId/entities',
  /** Legacy `{id, name, entities}` some old callers read. */
  pipelineConfig: '/pipelines/:pipelineId/config',
  /** `GET` → `[{entityId|id, groupId, …}]`; `PUT {entities: […]}` upserts. */
  configEntities: '/pipelines/:pipelineId/config/entities',
  configGroups: '/pipelines/:pipelineId/config/groups',
  /** `GET` → one status per entity (see `entity-status.ts`). */
  entitiesStatus: '/pipelines/:pipelineId/entities-status',
  /** `POST`, see `commands.ts`. */
  syncCommand: '/pipelines/:pipelineId/commands/sync/:command',
  maintenanceCommand: '/pipelines/:pipelineId/commands/maintenance/:command',
  /** `GET` a saved Query Studio query (its live SQL and agent win over the job's copy). */
  savedQuery: '/query-studio/saved-queries/:queryId',
  /** `POST {sql, options: {readOnly}}` runs SQL through a pipeline's agent. */
  queryStudioExecute: '/query-studio/pipelines/:pipelineId/agents/:agentId/execute',
  /** `POST {input, agentVersion?, idempotencyKey?}` → `{id, status}`: starts an AI agent run. */
  aiAgentRuns: '/api/ai/v1/agents/:agentAlias/runs',
  /** `GET` → `{id, status}` of one AI run. */
  aiRun: '/api/ai/v1/runs/:runId',
  /** `GET` the enterprise brain job; `POST {}` starts a reindex. */
  brainJob: '/api/ai/v1/brain/job',
  /** `POST {pipelineId, entityId}` → `{jobId, status}`: starts a data comparison of one entity. */
  dataComparisonRuns: '/data-comparison/runs',
  /** `GET` one data comparison run with its counts. */
  dataComparisonRun: '/data-comparison/runs/:jobId',
  /** `POST {reconcileAll: true}` reconciles the differences a run found. */
  dataComparisonReconciliation: '/data-comparison/runs/:jobId/reconciliation',
  /** `POST {task, vizId, parameters?, scheduleId?}` → 202 `{scheduled}`. */
  visualizeRefresh: '/visualize/refresh',
  /** `GET` → every persistent webhook; `PUT` the whole list replaces it (see `webhooks.ts`). */
  webhooks: '/global-config/webhooks',
} as const;

export type CoreHubRoute = (typeof COREHUB_ROUTES)[keyof typeof COREHUB_ROUTES];

/** `route` with every `:name` replaced by the URL-escaped `params[name]`. */
export function fillRoute(route: CoreHubRoute, params: Record<string, string> = {}): string {
  return route.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`route ${route} needs :${name}`);
    return encodeURIComponent(value);
  });
}

/** The pipeline reads tasks make: what to stop and wait for, and whether it settled. */
export type PipelineRead = 'pipelineEntities' | 'configEntities' | 'entitiesStatus';

/** `GET /pipelines/{p}/entities`, `…/config/entities` or `…/entities-status`, the pipeline id escaped. */
export function buildPipelineReadRequest(pipelineId: string, read: PipelineRead): CoreHubRequest {
  return { method: 'GET', path: fillRoute(COREHUB_ROUTES[read], { pipelineId }) };
}
