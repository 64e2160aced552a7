import { defineTask } from '../define-task.js';
import { runPerEntity } from '../flows.js';
import {
  countOf,
  describeIds,
  EntityParams,
  PipelineParams,
  requirePipelineAndEntities,
} from '../task-input.js';

/** `entity_stop`: Stops the sync of each entity (`sync/stop?entity=`), pausing between entities. */
export const entityStopTask = defineTask({
  type: 'entity_stop',
  description: 'Stops the sync of each entity (`sync/stop?entity=`), pausing between entities.',
  target: 'entities',
  params: PipelineParams.extend(EntityParams.shape),
  requires: (job) => requirePipelineAndEntities('entity_stop', job),
  execute: async (ctx) => {
    await runPerEntity(ctx, 'stop');
    return {
      message: `stopped sync of ${countOf(ctx.job.entityIds.length, 'entity', 'entities')} (${describeIds(ctx.job.entityIds)}) in pipeline ${ctx.job.pipelineId}`,
    };
  },
});
