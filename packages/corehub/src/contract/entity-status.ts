/**
 * `GET /pipelines/{id}/entities-status` and the one "settled" rule (DESIGN §5, reference §4.2 and
 * test_pause_before_redo).
 *
 * An entity may take a snapshot or a redo once it is neither `isSyncActive` nor `isMigrationActive` (`true`
 * or the string `"true"`), or once CoreHub reports it in error or warning (a non-empty `errorState`,
 * whatever its severity; a non-empty `warningState`; `status: "warning"` in any case), since such an entity
 * will not stop by itself. An empty `{}` or blank `""` state is no error. An entity missing from the
 * answer, or not an object, is still pending. The answer's shape is read tolerantly (`readers.ts`).
 */
import { z } from 'zod';
import { isRecord, readEntityId, readList, unwrapEntity } from './readers.js';

/** What the hub sends for one entity (the simulator answers exactly this). */
export const EntityStatusWireSchema = z.looseObject({
  entityId: z.string().min(1),
  isSyncActive: z.boolean(),
  isMigrationActive: z.boolean(),
  isBusy: z.boolean().optional(),
  errorState: z
    .looseObject({ severity: z.enum(['ERROR', 'WARNING']).optional(), message: z.string().optional() })
    .nullable()
    .optional(),
});
export type EntityStatusWire = z.infer<typeof EntityStatusWireSchema>;

export const EntityStatusListSchema = z.array(EntityStatusWireSchema);

function hasContent(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return true;
}

function isOn(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** True when one entities-status record allows the next command (see the rule above). */
export function isEntitySettled(status: unknown): boolean {
  if (!isRecord(status)) return false;
  if (hasContent(status.errorState) || hasContent(status.warningState)) return true;
  if (typeof status.status === 'string' && status.status.toLowerCase() === 'warning') return true;
  return !isOn(status.isSyncActive) && !isOn(status.isMigrationActive);
}

/** The ids among `entityIds` that an entities-status answer does not show settled, in the given order. */
export function findPendingEntities(body: unknown, entityIds: readonly string[]): string[] {
  const statuses = new Map<string, Record<string, unknown>>();
  for (const item of readList(body)) {
    const status = unwrapEntity(item);
    const id = status ? readEntityId(status) : undefined;
    if (status && id !== undefined) statuses.set(id, status);
  }
  return entityIds.filter((id) => !isEntitySettled(statuses.get(id)));
}
