import { type BrainJob, BrainJobSchema, buildBrainJobRequest } from '@chronos/corehub/contract';
import { defineTask } from '../define-task.js';
import { pollUntil } from '../poll.js';
import { TASK_FAILURE_CODES, TaskFailedError } from '../task-failed-error.js';
import { TaskParamsParams } from '../task-input.js';
import { callHubFor } from '../task-steps.js';

/**
 * The reindex this task started has settled: READY or FAILED *and* it was seen working (CREATING) or the
 * generation moved on; a READY left from the previous reindex is not this one's result.
 */
function hasSettled(before: BrainJob, job: BrainJob, seenCreating: boolean): boolean {
  if (job.status !== 'READY' && job.status !== 'FAILED') return false;
  return seenCreating || (job.generation ?? null) !== (before.generation ?? null);
}

/** `brain_reindex`: rebuilds CoreHub's enterprise brain and waits until it is ready. */
export const brainReindexTask = defineTask({
  type: 'brain_reindex',
  description:
    "Starts a reindex of CoreHub's enterprise brain (AI knowledge of the schemas) and polls it until it is ready or failed; no pipeline needed.",
  target: 'corehub',
  params: TaskParamsParams,
  requires: () => [],
  execute: async (ctx) => {
    const before = await callHubFor(ctx, buildBrainJobRequest('GET'), BrainJobSchema);
    const started = await callHubFor(ctx, buildBrainJobRequest('POST'), BrainJobSchema);
    let seenCreating = started.status === 'CREATING';
    const bound = ctx.timing.brainReindex;
    const job = hasSettled(before, started, seenCreating)
      ? started
      : await pollUntil(
          ctx,
          bound,
          async () => {
            const answer = await callHubFor(ctx, buildBrainJobRequest('GET'), BrainJobSchema);
            if (answer.status === 'CREATING') seenCreating = true;
            return answer;
          },
          (answer) => hasSettled(before, answer, seenCreating),
          (last) =>
            new TaskFailedError(
              `the enterprise brain reindex was still ${last.status} after ${bound.timeoutMs / 1000} s`,
              { code: TASK_FAILURE_CODES.runTimedOut, retryable: false },
            ),
        );
    if (job.status === 'FAILED') {
      throw new TaskFailedError(`the enterprise brain reindex failed: ${job.message ?? 'no reason given'}`, {
        code: TASK_FAILURE_CODES.runFailed,
        retryable: false,
      });
    }
    return {
      message: `${job.message ?? 'Enterprise brain is ready.'} (${job.tablesSeen ?? 0} tables, ${job.edgesSeen ?? 0} edges)`,
    };
  },
});
