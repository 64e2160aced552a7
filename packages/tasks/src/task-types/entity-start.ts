import { startQuery } from '@chronos/corehub/contract';
import { defineTask } from '../define-task.js';
import { runPerEntity } from '../flows.js';
import {
  countOf,
  describeIds,
  EntityParams,
  PipelineParams,
  requirePipelineAndEntities,
  WithSnapshotParams,
  WriteMethodParams,
} from '../task-input.js';

/** `entity_start`: Starts the sync of each entity (`sync/start?entity=`), with or without an initial snapshot, pausing between entities. */
export const entityStartTask = defineTask({
  type: 'entity_start',
  description:
    'Starts the sync of each entity (`sync/start?entity=`), with or without an initial snapshot, pausing between entities.',
  target: 'entities',
  params: PipelineParams.extend(EntityParams.shape)
    .extend(WithSnapshotParams.shape)
    .extend(WriteMethodParams.shape),
  requires: (job) => requirePipelineAndEntities('entity_start', job),
  execute: async (ctx) => {
    await runPerEntity(ctx, 'start', startQuery(ctx.job.withSnapshot, ctx.job.snapshotWriteMethod));
    return {
      message: `started sync of ${countOf(ctx.job.entityIds.length, 'entity', 'entities')} (${describeIds(ctx.job.entityIds)}) in pipeline ${ctx.job.pipelineId}`,
    };
  },
});
