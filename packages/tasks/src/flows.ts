import { forEachTarget, readPipelineResource, sendCommand } from './corehub-calls.js';
import { readEntityIds } from './corehub-shapes.js';
import { waitUntilSettled } from './settle.js';
import type { CoreHubRequest, TaskContext } from './task-context.js';

/*
 * The three shapes every task type is made of (DESIGN §5). Commands live under
 * `/pipelines/{p}/commands/`; `sync/stop` then waiting until settled guards snapshots and redos, because
 * CoreHub refuses (or corrupts) a snapshot of an entity that is still syncing.
 */

type Query = NonNullable<CoreHubRequest['query']>;

/** Per entity: `command?entity={e}&…`, paused between entities. */
export async function runPerEntity(ctx: TaskContext, command: string, query: Query = {}): Promise<void> {
  await forEachTarget(ctx, ctx.job.entityIds, async (entityId) => {
    await sendCommand(ctx, command, { entity: entityId, ...query });
  });
}

/** Per entity: stop it, wait until it settled, then `command?entity={e}&…`; paused between entities. */
export async function runPerEntityAfterStop(ctx: TaskContext, command: string, query: Query): Promise<void> {
  await forEachTarget(ctx, ctx.job.entityIds, async (entityId) => {
    await sendCommand(ctx, 'sync/stop', { entity: entityId });
    await waitUntilSettled(ctx, [entityId], command);
    await sendCommand(ctx, command, { entity: entityId, ...query });
  });
}

/**
 * Whole pipeline: stop it, read its entity ids (`GET /pipelines/{p}/entities`), wait until they settled,
 * then `command`. With no ids to read there is nothing to wait for: the command goes out with a warning,
 * as in the reference (CoreHub itself refuses a snapshot of a running pipeline).
 */
export async function runPipelineAfterStop(ctx: TaskContext, command: string, query: Query): Promise<number> {
  await sendCommand(ctx, 'sync/stop');
  const entityIds = readEntityIds(await readPipelineResource(ctx, 'entities'));
  if (entityIds.length === 0)
    ctx.logger.warn({ command }, 'no entity ids resolved; not waiting for them to settle');
  await waitUntilSettled(ctx, entityIds, command);
  await sendCommand(ctx, command, query);
  return entityIds.length;
}

/** Per group: `command?groupId={g}&…`, paused between groups. */
export async function runPerGroup(ctx: TaskContext, command: string, query: Query = {}): Promise<void> {
  await forEachTarget(ctx, ctx.job.groupIds, async (groupId) => {
    await sendCommand(ctx, command, { groupId, ...query });
  });
}

/**
 * Per group: `sync/stop-group`, then the group's entities (`GET /pipelines/{p}/config/entities` filtered by
 * `groupId`) must settle, then `command?groupId={g}&…`; paused between groups. A group without entities
 * has nothing to wait for.
 */
export async function runPerGroupAfterStop(ctx: TaskContext, command: string, query: Query): Promise<void> {
  await forEachTarget(ctx, ctx.job.groupIds, async (groupId) => {
    await sendCommand(ctx, 'sync/stop-group', { groupId });
    const config = await readPipelineResource(ctx, 'config', 'entities');
    const entityIds = readEntityIds(config, (entity) => entity.groupId === groupId);
    await waitUntilSettled(ctx, entityIds, command);
    await sendCommand(ctx, command, { groupId, ...query });
  });
}
