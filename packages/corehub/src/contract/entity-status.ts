/**
 * `GET /pipelines/{id}/entities-status` and the "settled" rule (reference §4.2, DESIGN §5).
 *
 * CoreHub versions disagree on the shape: a bare list or `{entities|statuses|data|items: [...]}` (or a bare
 * object for one entity), and the id key `entityId`|`entityID`|`id`|`entity_id`. We accept all of them.
 * Settled = the entity is in error or warning, or neither `isSyncActive` nor `isMigrationActive` is true.
 */
import { z } from 'zod';
import { unwrapList } from './corehub-api.js';

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

/** One entity's state, normalised from whichever shape the hub sent. */
export type EntityStatus = {
  entityId: string;
  isSyncActive: boolean;
  isMigrationActive: boolean;
  isBusy: boolean;
  /** The hub reports an error (non-empty `errorState` whose severity is not WARNING). */
  hasError: boolean;
  /** `errorState.severity == WARNING`, a non-empty `warningState`, or `status == "warning"`. */
  hasWarning: boolean;
  /** The element as received, for logs and callers that need more. */
  raw: Record<string, unknown>;
};

const ID_KEYS = ['entityId', 'entityID', 'id', 'entity_id'] as const;

function isNonEmptyObject(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '') return false;
  if (typeof value === 'object') return Object.keys(value as object).length > 0;
  return true;
}

/** Normalises one element; null when it has no usable id (such elements are skipped). */
export function normalizeEntityStatus(element: unknown): EntityStatus | null {
  if (!element || typeof element !== 'object' || Array.isArray(element)) return null;
  const raw = element as Record<string, unknown>;
  const idKey = ID_KEYS.find((key) => typeof raw[key] === 'string' || typeof raw[key] === 'number');
  if (!idKey) return null;
  const errorState = raw.errorState;
  const severity =
    errorState && typeof errorState === 'object'
      ? (errorState as Record<string, unknown>).severity
      : undefined;
  const isWarningSeverity = typeof severity === 'string' && severity.toUpperCase() === 'WARNING';
  const hasWarning =
    isWarningSeverity ||
    isNonEmptyObject(raw.warningState) ||
    (typeof raw.status === 'string' && raw.status.toLowerCase() === 'warning');
  return {
    entityId: String(raw[idKey]),
    isSyncActive: raw.isSyncActive === true,
    isMigrationActive: raw.isMigrationActive === true,
    isBusy: raw.isBusy === true,
    hasError: isNonEmptyObject(errorState) && !isWarningSeverity,
    hasWarning,
    raw,
  };
}

/**
 * Normalises a whole entities-status body. Returns null when the body holds no recognisable status list
 * (the caller decides whether that is a contract violation).
 */
export function normalizeEntityStatuses(body: unknown): EntityStatus[] | null {
  let list = unwrapList(body);
  if (list === null && body && typeof body === 'object' && normalizeEntityStatus(body)) list = [body];
  if (list === null) return null;
  return list.map(normalizeEntityStatus).filter((status): status is EntityStatus => status !== null);
}

/** True when the entity can take a snapshot/redo: in error or warning, or neither syncing nor migrating. */
export function isEntitySettled(status: EntityStatus): boolean {
  if (status.hasError || status.hasWarning) return true;
  return !status.isSyncActive && !status.isMigrationActive;
}
