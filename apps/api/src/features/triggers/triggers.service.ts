import type { TriggerFlowEventInput, UpdateTriggerFlowPatch } from '@chronos/db';
import { defaultRoutingOf, type TriggerFlow } from '@chronos/jobs';
import type { ApiDeps } from '../../deps.js';
import { readTaskTarget } from '../jobs/task-target.js';
import { getDefaultTimezone } from '../settings/default-timezone.js';
import { toTriggerFlowResponse } from './flow-response.js';
import { generateTriggerToken } from './trigger-token.js';
import type {
  CreateTriggerFlowBody,
  TriggerEventBody,
  TriggerFlowResponse,
  TriggerFlowWithTokenResponse,
  UpdateTriggerFlowBody,
} from './triggers.schemas.js';

/** Where responses say the flow is fired: PUBLIC_URL, else the address the caller reached the api at. */
export type ResponseContext = { baseUrl: string };

/** Each event's target checked with its task type's rules, 422s naming `body.events.<i>.<field>`. */
function readEvents(events: TriggerEventBody[]): TriggerFlowEventInput[] {
  return events.map((event, index) => ({
    ...readTaskTarget(event, { path: `body.events.${index}`, label: `events[${index}].` }),
    executionMode: event.execution_mode,
    allowAiRunLoop: event.allow_ai_run_loop,
  }));
}

export async function respondWithFlow(
  deps: ApiDeps,
  flow: TriggerFlow,
  context: ResponseContext,
): Promise<TriggerFlowResponse> {
  return toTriggerFlowResponse(flow, { zone: await getDefaultTimezone(deps), baseUrl: context.baseUrl });
}

export async function listTriggerFlows(
  deps: ApiDeps,
  query: { skip: number; limit: number },
  context: ResponseContext,
): Promise<{ items: TriggerFlowResponse[]; total: number }> {
  const page = await deps.db.triggerFlows.list(query);
  const zone = await getDefaultTimezone(deps);
  return {
    items: page.items.map((flow) => toTriggerFlowResponse(flow, { zone, baseUrl: context.baseUrl })),
    total: page.total,
  };
}

export async function createTriggerFlow(
  deps: ApiDeps,
  body: CreateTriggerFlowBody,
  context: ResponseContext,
): Promise<TriggerFlowWithTokenResponse> {
  const events = readEvents(body.events);
  const platformEvent = body.platform_event ?? null;
  const { token, hash } = generateTriggerToken();
  const flow = await deps.db.triggerFlows.create({
    name: body.name,
    description: body.description ?? null,
    enabled: body.enabled,
    platformEvent,
    routing: body.routing ?? defaultRoutingOf(platformEvent),
    secretTokenHash: hash,
    events,
  });
  deps.logger.info({ flowId: flow.id, events: events.length, platformEvent }, 'trigger flow created');
  if (platformEvent) deps.webhooks?.requestSync('trigger flow created');
  return { ...(await respondWithFlow(deps, flow, context)), secret_token: token };
}

export async function updateTriggerFlow(
  deps: ApiDeps,
  id: number,
  body: UpdateTriggerFlowBody,
  context: ResponseContext,
): Promise<TriggerFlowResponse> {
  // CoreHub's webhook list follows the platform-event flows (`webhook-sources.ts`), after the write.
  const before = await deps.db.triggerFlows.get(id);
  const patch: UpdateTriggerFlowPatch = {};
  if (body.name !== undefined) patch.name = body.name;
  if (body.description !== undefined) patch.description = body.description;
  if (body.enabled !== undefined) patch.enabled = body.enabled;
  if (body.platform_event !== undefined) patch.platformEvent = body.platform_event;
  if (body.routing !== undefined) patch.routing = body.routing;
  if (body.events !== undefined) patch.events = readEvents(body.events);
  const flow = await deps.db.triggerFlows.update(id, patch);
  deps.logger.info({ flowId: id }, 'trigger flow updated');
  if (flow.platformEvent !== before.platformEvent) deps.webhooks?.requestSync('trigger flow updated');
  return respondWithFlow(deps, flow, context);
}

export async function setTriggerFlowEnabled(
  deps: ApiDeps,
  id: number,
  enabled: boolean,
  context: ResponseContext,
): Promise<TriggerFlowResponse> {
  const flow = await deps.db.triggerFlows.update(id, { enabled });
  deps.logger.info({ flowId: id, enabled }, 'trigger flow status changed');
  return respondWithFlow(deps, flow, context);
}

/** A new token; the old one stops working with this write (the hash is replaced, nothing is cached). */
export async function regenerateTriggerToken(
  deps: ApiDeps,
  id: number,
  context: ResponseContext,
): Promise<TriggerFlowWithTokenResponse> {
  const { token, hash } = generateTriggerToken();
  const flow = await deps.db.triggerFlows.setTokenHash(id, hash);
  deps.logger.info({ flowId: id }, 'trigger flow token regenerated');
  return { ...(await respondWithFlow(deps, flow, context)), secret_token: token };
}

export async function deleteTriggerFlow(deps: ApiDeps, id: number): Promise<void> {
  const flow = await deps.db.triggerFlows.get(id);
  await deps.db.triggerFlows.delete(id);
  deps.logger.info({ flowId: id }, 'trigger flow deleted');
  if (flow.platformEvent) deps.webhooks?.requestSync('trigger flow deleted');
}
