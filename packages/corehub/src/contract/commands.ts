/**
 * CoreHub command endpoints (DESIGN.md §5, reference §9): all `POST`, parameters in the query string, empty
 * body, success 200/201/202/204 (CoreHub typically answers 202 with a text/plain sentence). Omitting
 * `entity` addresses the whole pipeline; group commands take one `groupId` per call.
 */
import { z } from 'zod';
import type { CoreHubQuery, CoreHubRequest } from './port.js';
import { COREHUB_ROUTES, fillRoute } from './routes.js';

export const SnapshotWriteMethodSchema = z.enum(['UPSERT', 'INSERT']);
export type SnapshotWriteMethod = z.infer<typeof SnapshotWriteMethodSchema>;

/** `/pipelines/{p}/commands/sync/{command}` commands. `resync` is legacy and kept for old callers. */
export const SYNC_COMMANDS = [
  'start',
  'stop',
  'one-time-snapshot',
  'redo',
  'start-group',
  'stop-group',
  'one-time-snapshot-group',
  'redo-group',
  'resync',
] as const;
export type SyncCommand = (typeof SYNC_COMMANDS)[number];

/** Commands addressed at a group (`groupId` is required). */
export const GROUP_SYNC_COMMANDS: readonly SyncCommand[] = [
  'start-group',
  'stop-group',
  'one-time-snapshot-group',
  'redo-group',
];

export const MAINTENANCE_COMMANDS = ['enter', 'exit'] as const;
export type MaintenanceCommand = (typeof MAINTENANCE_COMMANDS)[number];

/** Booleans travel as the strings `true`/`false`. */
const QueryBooleanSchema = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Query parameters a sync command may carry; unknown ones are ignored by CoreHub. */
export const SyncCommandQuerySchema = z.looseObject({
  entity: z.string().min(1).optional(),
  groupId: z.string().min(1).optional(),
  withSnapshot: QueryBooleanSchema.optional(),
  snapshotWriteMethod: SnapshotWriteMethodSchema.optional(),
  fromScratch: QueryBooleanSchema.optional(),
});
export type SyncCommandQuery = z.infer<typeof SyncCommandQuerySchema>;

/** `/pipelines/{p}/commands/sync/{command}` with the pipeline id escaped. */
function buildSyncCommandPath(pipelineId: string, command: SyncCommand): string {
  return fillRoute(COREHUB_ROUTES.syncCommand, { pipelineId, command });
}

/** `/pipelines/{p}/commands/maintenance/{enter|exit}`. */
function buildMaintenanceCommandPath(pipelineId: string, command: MaintenanceCommand): string {
  return fillRoute(COREHUB_ROUTES.maintenanceCommand, { pipelineId, command });
}

/**
 * The query string form of `query`, in its key order: booleans as `true`/`false` (what
 * `SyncCommandQuerySchema` reads back), undefined values left out.
 */
function encodeSyncCommandQuery(query: SyncCommandQuery): CoreHubQuery {
  const wire: CoreHubQuery = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    wire[key] = typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
  }
  return wire;
}

/** `POST /pipelines/{p}/commands/sync/{command}?…` with an empty body; no query when there is none. */
export function buildSyncCommandRequest(
  pipelineId: string,
  command: SyncCommand,
  query: SyncCommandQuery = {},
): CoreHubRequest {
  const wire = encodeSyncCommandQuery(query);
  const request: CoreHubRequest = { method: 'POST', path: buildSyncCommandPath(pipelineId, command) };
  if (Object.keys(wire).length > 0) request.query = wire;
  return request;
}

/** `POST /pipelines/{p}/commands/maintenance/{enter|exit}`, no parameters. */
export function buildMaintenanceCommandRequest(
  pipelineId: string,
  command: MaintenanceCommand,
): CoreHubRequest {
  return { method: 'POST', path: buildMaintenanceCommandPath(pipelineId, command) };
}

/*
 * The write-method queries of DESIGN §5 (add `entity` or `groupId` in front for one target): a start may
 * take a snapshot first; a snapshot is always from scratch (GSSD-1346); a redo always takes a snapshot.
 */

/** `start` / `start-group`: `withSnapshot={b}&snapshotWriteMethod={m}`. */
export function startQuery(withSnapshot: boolean, method: SnapshotWriteMethod): SyncCommandQuery {
  return { withSnapshot, snapshotWriteMethod: method };
}

/** `one-time-snapshot` / `one-time-snapshot-group`: `snapshotWriteMethod={m}&fromScratch=true`. */
export function snapshotQuery(method: SnapshotWriteMethod): SyncCommandQuery {
  return { snapshotWriteMethod: method, fromScratch: true };
}

/** `redo` / `redo-group`: `withSnapshot=true&snapshotWriteMethod={m}`. */
export function redoQuery(method: SnapshotWriteMethod): SyncCommandQuery {
  return { withSnapshot: true, snapshotWriteMethod: method };
}
