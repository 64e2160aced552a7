import { buildVisualizeRefreshRequest, VisualizeRefreshReplySchema } from '@chronos/corehub/contract';
import { defineTask } from '../define-task.js';
import { requireParams, TaskParamsParams } from '../task-input.js';
import { callHubFor } from '../task-steps.js';

/**
 * `visualize_refresh`: asks CoreHub's Visualize to refresh a visualization. A 5xx is retried by the
 * worker's attempts like any retryable CoreHub error; a 4xx (404: the visualization is gone) fails the run.
 */
export const visualizeRefreshTask = defineTask({
  type: 'visualize_refresh',
  description:
    'Asks Visualize to refresh the visualization `viz_id` with `visualize_parameters` (CoreHub answers 202 and refreshes in the background); no pipeline needed.',
  target: 'corehub',
  params: TaskParamsParams,
  requires: (job) => requireParams('visualize_refresh', job, 'vizId'),
  execute: async (ctx) => {
    const { vizId = '', visualizeParameters } = ctx.job.taskParams;
    const reply = await callHubFor(
      ctx,
      buildVisualizeRefreshRequest(vizId, visualizeParameters, ctx.job.jobId),
      VisualizeRefreshReplySchema,
    );
    return {
      message: reply.scheduled
        ? `visualization ${vizId} refresh scheduled`
        : `visualization ${vizId} refresh accepted (CoreHub had one pending already)`,
    };
  },
});
