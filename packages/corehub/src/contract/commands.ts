/**
 * CoreHub command endpoints (DESIGN.md §5, reference §9): all `POST`, parameters in the query string, empty
 * body, success 200/201/202/204 (CoreHub typically answers 202 with a text/plain sentence). Omitting
 * `entity` addresses the whole pipeline; group commands take one `groupId` per call.
 */
import { z } from 'zod';

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
export function buildSyncCommandPath(pipelineId: string, command: SyncCommand): string {
  return `/pipelines/${encodeURIComponent(pipelineId)}/commands/sync/${command}`;
}

/** `/pipelines/{p}/commands/maintenance/{enter|exit}`. */
export function buildMaintenanceCommandPath(pipelineId: string, command: MaintenanceCommand): string {
  return `/pipelines/${encodeURIComponent(pipelineId)}/commands/maintenance/${command}`;
}
