import { defineTask } from '../define-task.js';
import { PipelineParams, requirePipeline } from '../task-input.js';
import { sendSyncCommand } from '../task-steps.js';

/** `pipeline_stop`: Stops the sync of the whole pipeline (`sync/stop`). */
export const pipelineStopTask = defineTask({
  type: 'pipeline_stop',
  description: 'Stops the sync of the whole pipeline (`sync/stop`).',
  target: 'pipeline',
  params: PipelineParams,
  requires: (job) => requirePipeline('pipeline_stop', job),
  execute: async (ctx) => {
    await sendSyncCommand(ctx, 'stop');
    return { message: `stopped sync of pipeline ${ctx.job.pipelineId}` };
  },
});
