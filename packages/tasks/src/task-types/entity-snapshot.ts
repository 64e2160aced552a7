import { snapshotQuery } from '@chronos/corehub/contract';
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

/** `entity_snapshot`: For each entity: stops it, waits until it settled, then takes a one-time snapshot from scratch (`sync/one-time-snapshot?fromScratch=true`); CDC is not restarted. */
export const entitySnapshotTask = defineTask({
  type: 'entity_snapshot',
  description:
    'For each entity: stops it, waits until it settled, then takes a one-time snapshot from scratch (`sync/one-time-snapshot?fromScratch=true`); CDC is not restarted.',
  target: 'entities',
  params: PipelineParams.extend(EntityParams.shape).extend(WriteMethodParams.shape),
  requires: (job) => requirePipelineAndEntities('entity_snapshot', job),
  execute: async (ctx) => {
    await runPerEntityAfterStop(ctx, 'one-time-snapshot', snapshotQuery(ctx.job.snapshotWriteMethod));
    return {
      message: `took a snapshot of ${countOf(ctx.job.entityIds.length, 'entity', 'entities')} (${describeIds(ctx.job.entityIds)}) in pipeline ${ctx.job.pipelineId}`,
    };
  },
});
