import { z } from 'zod';
import type { CoreHubRequest } from './port.js';
import { COREHUB_ROUTES } from './routes.js';

/*
 * CoreHub's persistent webhooks (reference §4.4, §4.5, §9): `GET /global-config/webhooks` answers the whole
 * list, `PUT` replaces it. CoreHub POSTs to a webhook's `webhookUrl` (with `{{chronos_address}}` expanded to
 * the connected module's address) with its `customHeaders` when one of its `enabledEvents` happens to an
 * object its filters match (an empty filter matches everything).
 */

/** The lifecycle events CoreHub announces (its `WebhookEventType` names that Chronos uses). */
export const WEBHOOK_EVENT_TYPES = [
  'ENTITY_CDC_STARTED',
  'ENTITY_CDC_STOPPED',
  'ENTITY_SNAPSHOT_COMPLETED',
  'ENTITY_SNAPSHOT_FAILED',
  'GROUP_CDC_STARTED',
  'GROUP_CDC_STOPPED',
  'GROUP_SNAPSHOT_COMPLETED',
  'PIPELINE_ENTER_MAINTENANCE',
  'PIPELINE_EXIT_MAINTENANCE',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const SNAPSHOT_EVENTS: WebhookEventType[] = ['ENTITY_SNAPSHOT_COMPLETED', 'ENTITY_SNAPSHOT_FAILED'];

/**
 * The events CoreHub sends once a task of each type has taken effect (reference §4.4): a sync chained event
 * after such a task waits for one of them. Types not listed (the automation types) announce nothing.
 */
const EVENTS_AFTER_TASK: Readonly<Record<string, readonly WebhookEventType[]>> = {
  entity_start: ['ENTITY_CDC_STARTED'],
  pipeline_start: ['ENTITY_CDC_STARTED'],
  entity_stop: ['ENTITY_CDC_STOPPED'],
  pipeline_stop: ['ENTITY_CDC_STOPPED'],
  entity_snapshot: SNAPSHOT_EVENTS,
  pipeline_snapshot: SNAPSHOT_EVENTS,
  entity_redo: SNAPSHOT_EVENTS,
  pipeline_redo: SNAPSHOT_EVENTS,
  group_start: ['GROUP_CDC_STARTED'],
  group_stop: ['GROUP_CDC_STOPPED'],
  group_snapshot: ['GROUP_SNAPSHOT_COMPLETED', 'ENTITY_SNAPSHOT_FAILED'],
  group_redo: ['GROUP_SNAPSHOT_COMPLETED', 'ENTITY_SNAPSHOT_FAILED'],
  pipeline_enter_maintenance: ['PIPELINE_ENTER_MAINTENANCE'],
  pipeline_exit_maintenance: ['PIPELINE_EXIT_MAINTENANCE'],
};

/** What CoreHub announces after a task of `taskType`; empty when it announces nothing. */
export function webhookEventsAfter(taskType: string): readonly WebhookEventType[] {
  return EVENTS_AFTER_TASK[taskType] ?? [];
}

/** The template CoreHub expands to the connected module's `scheme://host:port`; never expanded by Chronos. */
export const CHRONOS_ADDRESS_TEMPLATE = '{{chronos_address}}';

/** The headers CoreHub's webhooks carry to Chronos (reference §1.5). */
export const WEBHOOK_HEADERS = {
  module: 'EXT_MODULE',
  eventId: 'X-Event-ID',
  flowId: 'X-Trigger-Flow-ID',
} as const;
/** The value of `EXT_MODULE` on every Chronos webhook. */
export const WEBHOOK_MODULE_NAME = 'chronos';

/** Chronos's receivers (paths under the api), the part of `webhookUrl` after `{{chronos_address}}`. */
export const CHRONOS_WEBHOOK_PATHS = {
  notify: '/api/webhooks/notify',
  platformEvent: '/api/webhooks/platform-event',
} as const;

export const WebhookRetryConfigSchema = z.looseObject({
  maxRetries: z.number(),
  initialDelayMs: z.number(),
  backoffMultiplier: z.number(),
  maxDelayMs: z.number(),
});

/**
 * One webhook of CoreHub's list. Loose: CoreHub may add fields, and Chronos writes back entries it does not
 * own exactly as it read them.
 */
export const CoreHubWebhookSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  webhookUrl: z.string(),
  enabled: z.boolean().optional(),
  enabledEvents: z.array(z.string()).optional(),
  pipelineFilter: z.array(z.string()).optional(),
  entityFilter: z.array(z.string()).optional(),
  groupFilter: z.array(z.string()).optional(),
  customHeaders: z.record(z.string(), z.string()).optional(),
  skipTlsVerification: z.boolean().optional(),
  retryConfig: WebhookRetryConfigSchema.optional(),
});
export type CoreHubWebhook = z.infer<typeof CoreHubWebhookSchema>;
export const CoreHubWebhookListSchema = z.array(CoreHubWebhookSchema);

/** No retries: a missed webhook ends in the step's timeout, never in a late duplicate. */
const NO_RETRIES = { maxRetries: 0, initialDelayMs: 0, backoffMultiplier: 1.0, maxDelayMs: 0 };

/** Ids of the webhooks Chronos owns; anything else in CoreHub's list belongs to someone else. */
export const CHRONOS_WEBHOOK_ID_PREFIXES = { syncEvent: 'chronos-sync-', platformFlow: 'chronos-platform-' };

export function isChronosWebhookId(id: string): boolean {
  return Object.values(CHRONOS_WEBHOOK_ID_PREFIXES).some((prefix) => id.startsWith(prefix));
}

/** What a sync chained event's webhook filters on: the event's own targets (reference §4.4). */
export type SyncEventWebhookSource = {
  eventId: number;
  /** The task type before the event: what CoreHub must announce. */
  precedingTaskType: string;
  pipelineId: string;
  entityIds: readonly string[];
  groupIds: readonly string[];
};

/** The webhook that releases a waiting sync chained event (`chronos-sync-{eventId}`), or null: no wait. */
export function buildSyncEventWebhook(source: SyncEventWebhookSource): CoreHubWebhook | null {
  const events = webhookEventsAfter(source.precedingTaskType);
  if (events.length === 0) return null;
  return {
    id: `${CHRONOS_WEBHOOK_ID_PREFIXES.syncEvent}${source.eventId}`,
    name: `chronos-event-${source.eventId}`,
    webhookUrl: `${CHRONOS_ADDRESS_TEMPLATE}${CHRONOS_WEBHOOK_PATHS.notify}`,
    enabled: true,
    enabledEvents: [...events],
    pipelineFilter: source.pipelineId ? [source.pipelineId] : [],
    entityFilter: [...source.entityIds],
    groupFilter: [...source.groupIds],
    customHeaders: {
      [WEBHOOK_HEADERS.eventId]: String(source.eventId),
      [WEBHOOK_HEADERS.module]: WEBHOOK_MODULE_NAME,
    },
    skipTlsVerification: true,
    retryConfig: { ...NO_RETRIES },
  };
}

/**
 * The webhook that fires a platform-event TriggerFlow (`chronos-platform-{flowId}`, reference §4.5). The
 * TriggerFlows source of the api's webhook registry builds its objects with it (export it from the
 * contract's index when that source is wired).
 */
export function buildPlatformFlowWebhook(source: { flowId: number; platformEvent: string }): CoreHubWebhook {
  return {
    id: `${CHRONOS_WEBHOOK_ID_PREFIXES.platformFlow}${source.flowId}`,
    name: `chronos-platform-event-${source.flowId}`,
    webhookUrl: `${CHRONOS_ADDRESS_TEMPLATE}${CHRONOS_WEBHOOK_PATHS.platformEvent}`,
    enabled: true,
    enabledEvents: [source.platformEvent],
    pipelineFilter: [],
    entityFilter: [],
    groupFilter: [],
    customHeaders: {
      [WEBHOOK_HEADERS.flowId]: String(source.flowId),
      [WEBHOOK_HEADERS.module]: WEBHOOK_MODULE_NAME,
    },
    skipTlsVerification: true,
    retryConfig: { ...NO_RETRIES },
  };
}

/**
 * CoreHub's list with Chronos's part replaced by `desired`: entries of others kept as they are and where
 * they are, Chronos's entries that are not desired removed, desired ones replaced in place or appended.
 * `changed` is false when the list already is that (no PUT needed).
 */
export function planWebhookList(
  current: readonly CoreHubWebhook[],
  desired: readonly CoreHubWebhook[],
): { list: CoreHubWebhook[]; changed: boolean } {
  const wanted = new Map(desired.map((webhook) => [webhook.id, webhook]));
  const list: CoreHubWebhook[] = [];
  const placed = new Set<string>();
  for (const entry of current) {
    if (!isChronosWebhookId(entry.id)) list.push(entry);
    else if (wanted.has(entry.id) && !placed.has(entry.id)) {
      list.push(wanted.get(entry.id) as CoreHubWebhook);
      placed.add(entry.id);
    }
  }
  for (const webhook of desired) if (!placed.has(webhook.id)) list.push(webhook);
  return { list, changed: !isSameWebhookList(current, list) };
}

/** True when CoreHub's list holds exactly `desired` as Chronos's part (read-back check after a PUT). */
export function holdsExactly(
  current: readonly CoreHubWebhook[],
  desired: readonly CoreHubWebhook[],
): boolean {
  return !planWebhookList(current, desired).changed;
}

function isSameWebhookList(a: readonly CoreHubWebhook[], b: readonly CoreHubWebhook[]): boolean {
  return a.length === b.length && a.every((entry, index) => canonical(entry) === canonical(b[index]));
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([x], [y]) => x.localeCompare(y)))
      : inner,
  );
}

export function buildListWebhooksRequest(): CoreHubRequest {
  return { method: 'GET', path: COREHUB_ROUTES.webhooks };
}

export function buildPutWebhooksRequest(list: readonly CoreHubWebhook[]): CoreHubRequest {
  return { method: 'PUT', path: COREHUB_ROUTES.webhooks, body: list };
}
