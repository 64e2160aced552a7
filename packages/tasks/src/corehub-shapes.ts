/*
 * Tolerant readers for CoreHub's JSON (reference §4.2, §9): lists may come bare or wrapped in
 * `entities|statuses|data|items`, entity ids under `entityId|entityID|id|entity_id`, and
 * `GET /pipelines/{p}/entities` wraps each item as `{ entity: { entityId, groupId, … } }`.
 */

const LIST_KEYS = ['entities', 'statuses', 'data', 'items'] as const;
const ID_KEYS = ['entityId', 'entityID', 'id', 'entity_id'] as const;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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

/** An item's own fields, unwrapping `{ entity: {…} }`. */
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

/** Unique entity ids of a list answer, in order; `keep` filters the unwrapped items. */
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
