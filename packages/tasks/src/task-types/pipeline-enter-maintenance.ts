import { defineTask } from '../define-task.js';
import { PipelineParams, requirePipeline } from '../task-input.js';
import { sendMaintenanceCommand } from '../task-steps.js';

/** `pipeline_enter_maintenance`: Puts the pipeline into maintenance mode (`maintenance/enter`). */
export const pipelineEnterMaintenanceTask = defineTask({
  type: 'pipeline_enter_maintenance',
  description: 'Puts the pipeline into maintenance mode (`maintenance/enter`).',
  target: 'pipeline',
  params: PipelineParams,
  requires: (job) => requirePipeline('pipeline_enter_maintenance', job),
  execute: async (ctx) => {
    await sendMaintenanceCommand(ctx, 'enter');
    return { message: `pipeline ${ctx.job.pipelineId} entered maintenance mode` };
  },
});
