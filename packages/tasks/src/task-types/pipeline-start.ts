import { startQuery } from '@chronos/corehub/contract';
import { defineTask } from '../define-task.js';
import { PipelineParams, requirePipeline, WithSnapshotParams, WriteMethodParams } from '../task-input.js';
import { sendSyncCommand } from '../task-steps.js';

/** `pipeline_start`: Starts the sync of the whole pipeline (`sync/start`), with or without an initial snapshot. */
export const pipelineStartTask = defineTask({
  type: 'pipeline_start',
  description: 'Starts the sync of the whole pipeline (`sync/start`), with or without an initial snapshot.',
  target: 'pipeline',
  params: PipelineParams.extend(WithSnapshotParams.shape).extend(WriteMethodParams.shape),
  requires: (job) => requirePipeline('pipeline_start', job),
  execute: async (ctx) => {
    await sendSyncCommand(ctx, 'start', startQuery(ctx.job.withSnapshot, ctx.job.snapshotWriteMethod));
    return { message: `started sync of pipeline ${ctx.job.pipelineId}` };
  },
});
