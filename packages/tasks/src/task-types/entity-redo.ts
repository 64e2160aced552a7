import { redoQuery } from '@chronos/corehub/contract';
import { defineTask } from '../define-task.js';
import { runPerEntityAfterStop } from '../flows.js';
import {
  countOf,
  describeIds,
  EntityParams,
  PipelineParams,
  requirePipelineAndEntities,
  WriteMethodParams,
} from '../task-input.js';

/** `entity_redo`: For each entity: stops it, waits until it settled, then restarts its sync with a new snapshot (`sync/redo?withSnapshot=true`). */
export const entityRedoTask = defineTask({
  type: 'entity_redo',
  description:
    'For each entity: stops it, waits until it settled, then restarts its sync with a new snapshot (`sync/redo?withSnapshot=true`).',
  target: 'entities',
  params: PipelineParams.extend(EntityParams.shape).extend(WriteMethodParams.shape),
  requires: (job) => requirePipelineAndEntities('entity_redo', job),
  execute: async (ctx) => {
    await runPerEntityAfterStop(ctx, 'redo', redoQuery(ctx.job.snapshotWriteMethod));
    return {
      message: `redid sync of ${countOf(ctx.job.entityIds.length, 'entity', 'entities')} (${describeIds(ctx.job.entityIds)}) in pipeline ${ctx.job.pipelineId}`,
    };
  },
});
