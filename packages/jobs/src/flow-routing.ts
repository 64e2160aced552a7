import type { TaskTarget } from './chain.js';
import type { FlowRouting } from './trigger-flows.js';

/*
 * Which events of a flow a CoreHub platform event runs (reference §4.5), and the AI loop guard. Pure: the
 * API decides with these when the webhook arrives, before anything is recorded or queued.
 *
 * Routing: `broadcast` (or null, or a stored value we do not know) runs every event; `origin` runs only the
 * events whose target the platform event names as its source, and nothing at all when it names none.
 */

const EXACT_ENTITY_SCOPED = new Set([
  'TABLE_REORGANIZATION',
  'TABLE_REORGANIZED',
  'TABLE_REORG',
  'TABLE_TRUNCATE',
  'TABLE_TRUNCATED',
  'TABLE_DDL',
]);
const ENTITY_SCOPED_PARTS = ['TABLE_REORG', 'TABLE_REORGANIZ', 'TABLE_TRUNCATE', 'TABLE_DDL'];

/** `gluesync.ai.run.completed` → `GLUESYNC_AI_RUN_COMPLETED`: event names compared in one spelling. */
export function normalizeEventName(name: string): string {
  return name
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_');
}

/** True for events about one table (reorganised, truncated, DDL): their flows default to `origin`. */
export function isEntityScopedEvent(platformEvent: string | null | undefined): boolean {
  if (!platformEvent) return false;
  const name = normalizeEventName(platformEvent);
  return EXACT_ENTITY_SCOPED.has(name) || ENTITY_SCOPED_PARTS.some((part) => name.includes(part));
}

/** The routing a flow gets when it names none: `origin` for entity-scoped platform events, else `broadcast`. */
export function defaultRoutingOf(platformEvent: string | null | undefined): FlowRouting {
  return isEntityScopedEvent(platformEvent) ? 'origin' : 'broadcast';
}

/** What a platform event is about: `kind` as CoreHub names it (lower case) or `unknown`. */
export type EventSource = { kind: string; id: string };

type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

function asId(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The payload itself, then the envelopes CoreHub and other senders wrap an event in. */
function containersOf(payload: unknown): JsonObject[] {
  const root = asObject(payload);
  if (!root) return [];
  const nested = ['event', 'data', 'payload', 'body'].map((key) => asObject(root[key]));
  return [root, ...nested.filter((item): item is JsonObject => item !== undefined)];
}

const SOURCE_KIND_KEYS = ['kind', 'type', 'objectType'];
const SOURCE_ID_KEYS = [
  'id',
  'entityId',
  'entity_id',
  'entityID',
  'objectId',
  'object_id',
  'tableId',
  'table_id',
];

/** Legacy id keys, in the order they are looked for, with the kind each implies. */
const LEGACY_ID_KEYS: Array<[string, string]> = [
  ['id', 'unknown'],
  ['entityId', 'entity'],
  ['entity_id', 'entity'],
  ['entityID', 'entity'],
  ['objectId', 'object'],
  ['object_id', 'object'],
  ['tableId', 'table'],
  ['table_id', 'table'],
  ['groupId', 'group'],
  ['group_id', 'group'],
  ['pipelineId', 'pipeline'],
  ['pipeline_id', 'pipeline'],
  ['sourceId', 'unknown'],
  ['source_id', 'unknown'],
];

function sourceFromField(value: unknown): EventSource | undefined {
  const bare = asId(value);
  if (bare) return { kind: 'unknown', id: bare };
  const object = asObject(value);
  if (!object) return undefined;
  const kindKey = SOURCE_KIND_KEYS.find((key) => typeof object[key] === 'string');
  const idKey = SOURCE_ID_KEYS.find((key) => asId(object[key]) !== undefined);
  if (!idKey) return undefined;
  const kind = kindKey ? String(object[kindKey]).trim().toLowerCase() : 'unknown';
  return { kind: kind || 'unknown', id: asId(object[idKey]) as string };
}

/**
 * The source a platform event names: a `source` field (object `{kind|type|objectType, id|entityId|…}` or a
 * bare id) in the payload or its `event`/`data`/`payload`/`body` envelope; else the first legacy id key
 * (`entityId`, `groupId`, `pipelineId`…), its kind read from the key. Null when it names none.
 */
export function extractEventSource(payload: unknown): EventSource | null {
  const containers = containersOf(payload);
  for (const container of containers) {
    const source = sourceFromField(container.source);
    if (source) return source;
  }
  for (const container of containers) {
    for (const [key, kind] of LEGACY_ID_KEYS) {
      const id = asId(container[key]);
      if (id) return { kind, id };
    }
  }
  return null;
}

type RoutedTarget = Pick<TaskTarget, 'pipelineId' | 'entityIds' | 'groupIds'>;

/** entity/table/object → the event's entity ids; group → its group ids; pipeline → its pipeline; else any. */
export function eventMatchesSource(target: RoutedTarget, source: EventSource): boolean {
  switch (source.kind) {
    case 'entity':
    case 'table':
    case 'object':
      return target.entityIds.includes(source.id);
    case 'group':
      return target.groupIds.includes(source.id);
    case 'pipeline':
      return target.pipelineId === source.id;
    default:
      return (
        target.entityIds.includes(source.id) ||
        target.groupIds.includes(source.id) ||
        target.pipelineId === source.id
      );
  }
}

/** The events a platform event runs under `routing` (see the block comment above), in their order. */
export function selectRoutedEvents<E extends RoutedTarget>(
  events: readonly E[],
  routing: string | null,
  payload: unknown,
): E[] {
  if (routing !== 'origin') return [...events];
  const source = extractEventSource(payload);
  if (!source) return [];
  return events.filter((event) => eventMatchesSource(event, source));
}

/*
 * The AI loop guard. A flow fired by the completion of an AI run may start another AI run, whose completion
 * fires the flow again: an endless loop billed per run. So an AI-run platform event may start an AI run only
 * when the event allows it (`allow_ai_run_loop`), and only once: a run Chronos itself started carries a
 * `chronos:` correlation id, and an event carrying one is refused.
 */

function eventNameOf(payload: unknown): string | undefined {
  for (const container of containersOf(payload)) {
    for (const key of ['eventType', 'type', 'event_type']) {
      if (typeof container[key] === 'string') return container[key];
    }
  }
  return undefined;
}

/** True for CoreHub's AI-run events (`gluesync.ai.run.*`, `AI_RUN_*`). */
export function isAiRunPlatformEvent(payload: unknown): boolean {
  const name = eventNameOf(payload);
  if (!name) return false;
  return (
    name.trim().toLowerCase().startsWith('gluesync.ai.run.') || normalizeEventName(name).startsWith('AI_RUN_')
  );
}

function correlationIdOf(payload: unknown): string | undefined {
  for (const container of containersOf(payload)) {
    for (const key of ['correlationId', 'correlation_id']) {
      if (typeof container[key] === 'string') return container[key];
    }
  }
  return undefined;
}

/** Why the guard refuses to run `events` for this platform event, or null when it lets them run. */
export function findAiLoopRefusal(
  events: ReadonlyArray<{ taskType: string; allowAiRunLoop: boolean; position: number }>,
  payload: unknown,
): string | null {
  if (!isAiRunPlatformEvent(payload)) return null;
  const aiEvents = events.filter((event) => event.taskType === 'ai_agent_run');
  if (aiEvents.length === 0) return null;
  const closed = aiEvents.find((event) => !event.allowAiRunLoop);
  if (closed) {
    return `AI loop guard: event ${closed.position} (ai_agent_run) may not be fired by an AI-run event (allow_ai_run_loop is false)`;
  }
  if (correlationIdOf(payload)?.startsWith('chronos:')) {
    return 'AI loop guard: the AI run that sent this event was started by Chronos (one hop only)';
  }
  return null;
}

/** The correlation id of an AI run a flow starts: `chronos:{flowId}:{eventId}:{what fired it}`. */
export function aiRunCorrelationId(flowId: number, eventId: number, payload: unknown): string {
  const root = asObject(payload);
  const data = asObject(root?.data);
  const cause = asId(data?.runId) ?? extractEventSource(payload)?.id ?? asId(root?.id) ?? `fire-${flowId}`;
  return `chronos:${flowId}:${eventId}:${cause}`;
}
