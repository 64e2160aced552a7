/**
 * Tolerant readers of the CoreHub replies tasks act on (reference §4.2, §9). CoreHub versions disagree on
 * the shape, so we accept all of them: a list comes bare or under `entities|statuses|data|items` (a bare
 * object that names an entity counts as a list of one), an entity id under
 * `entityId|entityID|id|entity_id`, and `GET /pipelines/{p}/entities` wraps each item as `{entity: {…}}`.
 * Nothing here throws: an unreadable reply reads as "no entities".
 */
import type { CoreHubResponse } from './port.js';

const LIST_KEYS = ['entities', 'statuses', 'data', 'items'] as const;
const ID_KEYS = ['entityId', 'entityID', 'id', 'entity_id'] as const;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The reply's body, JSON-parsed when it came as text (some CoreHub builds answer JSON as text/plain). */
export function readResponseBody(response: Pick<CoreHubResponse, 'body'>): unknown {
  if (typeof response.body !== 'string') return response.body;
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    return response.body;
  }
}

/** The items of a list answer; a bare object that names an entity counts as a list of one. */
export function readList(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (!isRecord(body)) return [];
  for (const key of LIST_KEYS) {
    const value = body[key];
    if (Array.isArray(value)) return value;
  }
  return readEntityId(body) === undefined ? [] : [body];
}

/** An item's own fields, unwrapping `{entity: {…}}`. */
export function unwrapEntity(item: unknown): Record<string, unknown> | undefined {
  if (!isRecord(item)) return undefined;
  return isRecord(item.entity) ? item.entity : item;
}

/** The entity id of a record, as a string. */
export function readEntityId(record: Record<string, unknown>): string | undefined {
  for (const key of ID_KEYS) {
    const value = record[key];
    if ((typeof value === 'string' && value !== '') || typeof value === 'number') return String(value);
  }
  return undefined;
}

/** Unique entity ids of a list answer (`/entities`, `/config/entities`), in order; `keep` filters items. */
export function readEntityIds(
  body: unknown,
  keep: (entity: Record<string, unknown>) => boolean = () => true,
): string[] {
  const ids: string[] = [];
  for (const item of readList(body)) {
    const entity = unwrapEntity(item);
    if (!entity || !keep(entity)) continue;
    const id = readEntityId(entity);
    if (id !== undefined && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** The ids of a group's entities in a `GET /pipelines/{p}/config/entities` answer. */
export function readGroupEntityIds(configEntities: unknown, groupId: string): string[] {
  return readEntityIds(configEntities, (entity) => entity.groupId === groupId);
}
