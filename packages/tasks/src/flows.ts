import {
  readEntityIds,
  readGroupEntityIds,
  type SyncCommand,
  type SyncCommandQuery,
} from '@chronos/corehub/contract';
import { waitUntilSettled } from './settle.js';
import type { TaskContext } from './task-context.js';
import { forEachTarget, readPipeline, sendSyncCommand } from './task-steps.js';

/*
 * The three shapes every task type is made of (DESIGN §5). Commands live under
 * `/pipelines/{p}/commands/`; `sync/stop` then waiting until settled guards snapshots and redos, because
 * CoreHub refuses (or corrupts) a snapshot of an entity that is still syncing.
 */

/** Per entity: `sync/{command}?entity={e}&…`, paused between entities. */
export async function runPerEntity(
  ctx: TaskContext,
  command: SyncCommand,
  query: SyncCommandQuery = {},
): Promise<void> {
  await forEachTarget(ctx, ctx.job.entityIds, async (entityId) => {
    await sendSyncCommand(ctx, command, { entity: entityId, ...query });
  });
}

/** Per entity: stop it, wait until it settled, then `sync/{command}?entity={e}&…`; paused between entities. */
export async function runPerEntityAfterStop(
  ctx: TaskContext,
  command: SyncCommand,
  query: SyncCommandQuery,
): Promise<void> {
  await forEachTarget(ctx, ctx.job.entityIds, async (entityId) => {
    await sendSyncCommand(ctx, 'stop', { entity: entityId });
    await waitUntilSettled(ctx, [entityId], `sync/${command}`);
    await sendSyncCommand(ctx, command, { entity: entityId, ...query });
  });
}

/**
 * Whole pipeline: stop it, read its entity ids (`GET /pipelines/{p}/entities`), wait until they settled,
 * then `sync/{command}`. With no ids to read there is nothing to wait for: the command goes out with a
 * warning, as in the reference (CoreHub itself refuses a snapshot of a running pipeline).
 */
export async function runPipelineAfterStop(
  ctx: TaskContext,
  command: SyncCommand,
  query: SyncCommandQuery,
): Promise<number> {
  await sendSyncCommand(ctx, 'stop');
  const entityIds = readEntityIds(await readPipeline(ctx, 'pipelineEntities'));
  if (entityIds.length === 0)
    ctx.logger.warn({ command: `sync/${command}` }, 'no entity ids resolved; not waiting for them to settle');
  await waitUntilSettled(ctx, entityIds, `sync/${command}`);
  await sendSyncCommand(ctx, command, query);
  return entityIds.length;
}

/** Per group: `sync/{command}?groupId={g}&…`, paused between groups. */
export async function runPerGroup(
  ctx: TaskContext,
  command: SyncCommand,
  query: SyncCommandQuery = {},
): Promise<void> {
  await forEachTarget(ctx, ctx.job.groupIds, async (groupId) => {
    await sendSyncCommand(ctx, command, { groupId, ...query });
  });
}

/**
 * Per group: `sync/stop-group`, then the group's entities (`GET /pipelines/{p}/config/entities` filtered by
 * `groupId`) must settle, then `sync/{command}?groupId={g}&…`; paused between groups. A group without
 * entities has nothing to wait for.
 */
export async function runPerGroupAfterStop(
  ctx: TaskContext,
  command: SyncCommand,
  query: SyncCommandQuery,
): Promise<void> {
  await forEachTarget(ctx, ctx.job.groupIds, async (groupId) => {
    await sendSyncCommand(ctx, 'stop-group', { groupId });
    const entityIds = readGroupEntityIds(await readPipeline(ctx, 'configEntities'), groupId);
    await waitUntilSettled(ctx, entityIds, `sync/${command}`);
    await sendSyncCommand(ctx, command, { groupId, ...query });
  });
}
