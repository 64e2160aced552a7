import { redoQuery } from '@chronos/corehub/contract';
import { defineTask } from '../define-task.js';
import { runPipelineAfterStop } from '../flows.js';
import { countOf, PipelineParams, requirePipeline, WriteMethodParams } from '../task-input.js';

/** `pipeline_redo`: Stops the pipeline, waits until its entities settled, then restarts its sync with a new snapshot (`sync/redo?withSnapshot=true`). */
export const pipelineRedoTask = defineTask({
  type: 'pipeline_redo',
  description:
    'Stops the pipeline, waits until its entities settled, then restarts its sync with a new snapshot (`sync/redo?withSnapshot=true`).',
  target: 'pipeline',
  params: PipelineParams.extend(WriteMethodParams.shape),
  requires: (job) => requirePipeline('pipeline_redo', job),
  execute: async (ctx) => {
    const count = await runPipelineAfterStop(ctx, 'redo', redoQuery(ctx.job.snapshotWriteMethod));
    return {
      message: `redid sync of pipeline ${ctx.job.pipelineId} (${countOf(count, 'entity', 'entities')} settled first)`,
    };
  },
});
