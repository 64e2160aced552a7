import { defineTask } from '../define-task.js';
import { PipelineParams, requirePipeline } from '../task-input.js';
import { sendMaintenanceCommand } from '../task-steps.js';

/** `pipeline_exit_maintenance`: Takes the pipeline out of maintenance mode (`maintenance/exit`). */
export const pipelineExitMaintenanceTask = defineTask({
  type: 'pipeline_exit_maintenance',
  description: 'Takes the pipeline out of maintenance mode (`maintenance/exit`).',
  target: 'pipeline',
  params: PipelineParams,
  requires: (job) => requirePipeline('pipeline_exit_maintenance', job),
  execute: async (ctx) => {
    await sendMaintenanceCommand(ctx, 'exit');
    return { message: `pipeline ${ctx.job.pipelineId} left maintenance mode` };
  },
});
