/**
 * Typed CoreHub reads built on the generic `send`. Each validates the reply against the contract and
 * throws CoreHubContractError (not retryable) when CoreHub answers something else. Kept apart from the
 * connection so a fake `send` (see `@chronos/corehub/testing`) gets the same parsing.
 */
import type { z } from 'zod';
import {
  type ConfigEntity,
  ConfigEntityWireSchema,
  type ConfigGroup,
  ConfigGroupSchema,
  normalizeConfigEntity,
  type Pipeline,
  PipelineEntitiesReplySchema,
  type PipelineEntity,
  PipelineListSchema,
  PipelineSchema,
  unwrapList,
} from './contract/corehub-api.js';
import { type EntityStatus, normalizeEntityStatuses } from './contract/entity-status.js';
import { CoreHubContractError } from './corehub-error.js';
import { type CoreHubRequest, type CoreHubResponse, summarizeRequest } from './http-transport.js';

/** Per-call options of the typed helpers. */
export type CoreHubCallOptions = { signal?: AbortSignal; timeoutMs?: number };

/** The generic call: resolves for 200/201/202/204, throws a CoreHubError subclass otherwise. */
export type CoreHubSend = (req: CoreHubRequest) => Promise<CoreHubResponse>;

/** Everything tasks need from CoreHub: the generic call plus typed reads. */
export type CoreHubApi = {
  send: CoreHubSend;
  /** `GET /pipelines`. */
  listPipelines(options?: CoreHubCallOptions): Promise<Pipeline[]>;
  /** `GET /pipelines/{p}`. */
  getPipeline(pipelineId: string, options?: CoreHubCallOptions): Promise<Pipeline>;
  /** `GET /pipelines/{p}/entities`, unwrapped from `[{entity: {...}}]`. */
  getPipelineEntities(pipelineId: string, options?: CoreHubCallOptions): Promise<PipelineEntity[]>;
  /** `GET /pipelines/{p}/config/entities`, ids folded into `entityId`. */
  getConfigEntities(pipelineId: string, options?: CoreHubCallOptions): Promise<ConfigEntity[]>;
  /** `GET /pipelines/{p}/config/groups`. */
  getConfigGroups(pipelineId: string, options?: CoreHubCallOptions): Promise<ConfigGroup[]>;
  /** `GET /pipelines/{p}/entities-status`, tolerant of every shape CoreHub versions send. */
  getEntitiesStatus(pipelineId: string, options?: CoreHubCallOptions): Promise<EntityStatus[]>;
};

function pipelinePath(pipelineId: string, suffix = ''): string {
  return `/pipelines/${encodeURIComponent(pipelineId)}${suffix}`;
}

function contractError(
  req: CoreHubRequest,
  response: CoreHubResponse,
  problem: string,
): CoreHubContractError {
  return new CoreHubContractError(
    `CoreHub's reply to ${req.method} ${req.path} breaks the contract: ${problem}`,
    {
      code: 'COREHUB_CONTRACT_VIOLATION',
      retryable: false,
      status: response.status,
      durationMs: response.durationMs,
      request: summarizeRequest(req),
      upstreamRequestId: response.upstreamRequestId,
      hubMessage: response.text,
    },
  );
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Builds the typed helpers over `send`. */
export function createCoreHubApi(send: CoreHubSend): CoreHubApi {
  async function getParsed<T>(
    path: string,
    options: CoreHubCallOptions | undefined,
    parse: (body: unknown) => { ok: true; value: T } | { ok: false; problem: string },
  ): Promise<T> {
    const req: CoreHubRequest = { method: 'GET', path, ...options };
    const response = await send(req);
    const result = parse(response.body);
    if (!result.ok) throw contractError(req, response, result.problem);
    return result.value;
  }

  function bySchema<T>(schema: z.ZodType<T>, body: unknown) {
    const parsed = schema.safeParse(body);
    return parsed.success
      ? { ok: true as const, value: parsed.data }
      : { ok: false as const, problem: describeIssues(parsed.error) };
  }

  return {
    send,
    listPipelines: (options) =>
      // Some CoreHub builds wrap the list ({pipelines: [...]}); reference gap 14 came from assuming only that.
      getParsed('/pipelines', options, (body) => {
        const wrapped =
          body && typeof body === 'object' && !Array.isArray(body)
            ? (body as { pipelines?: unknown }).pipelines
            : undefined;
        return bySchema(PipelineListSchema, wrapped ?? body);
      }),
    getPipeline: (pipelineId, options) =>
      getParsed(pipelinePath(pipelineId), options, (body) => bySchema(PipelineSchema, body)),
    getPipelineEntities: (pipelineId, options) =>
      getParsed(pipelinePath(pipelineId, '/entities'), options, (body) => {
        const parsed = bySchema(PipelineEntitiesReplySchema, unwrapList(body) ?? body);
        return parsed.ok ? { ok: true, value: parsed.value.map((item) => item.entity) } : parsed;
      }),
    getConfigEntities: (pipelineId, options) =>
      getParsed(pipelinePath(pipelineId, '/config/entities'), options, (body) => {
        const list = unwrapList(body);
        if (!list) return { ok: false, problem: 'expected a list of entities' };
        const parsed = bySchema(ConfigEntityWireSchema.array(), list);
        return parsed.ok ? { ok: true, value: parsed.value.map(normalizeConfigEntity) } : parsed;
      }),
    getConfigGroups: (pipelineId, options) =>
      getParsed(pipelinePath(pipelineId, '/config/groups'), options, (body) => {
        const list =
          unwrapList(body) ??
          (body && typeof body === 'object' ? (body as { groups?: unknown }).groups : undefined);
        return bySchema(ConfigGroupSchema.array(), list);
      }),
    getEntitiesStatus: (pipelineId, options) =>
      getParsed(pipelinePath(pipelineId, '/entities-status'), options, (body) => {
        const statuses = normalizeEntityStatuses(body);
        return statuses
          ? { ok: true, value: statuses }
          : { ok: false, problem: 'expected a list of entity statuses' };
      }),
  };
}
