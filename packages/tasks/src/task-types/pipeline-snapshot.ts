import { snapshotQuery } from '@chronos/corehub/contract';
import { defineTask } from '../define-task.js';
import { runPipelineAfterStop } from '../flows.js';
import { countOf, PipelineParams, requirePipeline, WriteMethodParams } from '../task-input.js';

/** `pipeline_snapshot`: Stops the pipeline, waits until its entities settled, then takes a one-time snapshot of all of them from scratch (`sync/one-time-snapshot?fromScratch=true`). */
export const pipelineSnapshotTask = defineTask({
  type: 'pipeline_snapshot',
  description:
    'Stops the pipeline, waits until its entities settled, then takes a one-time snapshot of all of them from scratch (`sync/one-time-snapshot?fromScratch=true`).',
  target: 'pipeline',
  params: PipelineParams.extend(WriteMethodParams.shape),
  requires: (job) => requirePipeline('pipeline_snapshot', job),
  execute: async (ctx) => {
    const count = await runPipelineAfterStop(
      ctx,
      'one-time-snapshot',
      snapshotQuery(ctx.job.snapshotWriteMethod),
    );
    return {
      message: `took a snapshot of pipeline ${ctx.job.pipelineId} (${countOf(count, 'entity', 'entities')} settled first)`,
    };
  },
});
