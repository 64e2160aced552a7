import {
  buildComparisonRunRequest,
  buildComparisonStartRequest,
  buildReconciliationRequest,
  COMPARISON_DONE_STATUSES,
  COMPARISON_FAILED_STATUSES,
  ComparisonRunSchema,
  ComparisonStartedSchema,
  countDifferences,
  describeDifferences,
  ReconciliationSchema,
} from '@chronos/corehub/contract';
import { defineTask } from '../define-task.js';
import { pollUntil } from '../poll.js';
import type { TaskContext } from '../task-context.js';
import { TASK_FAILURE_CODES, TaskFailedError } from '../task-failed-error.js';
import {
  countOf,
  EntityParams,
  PipelineParams,
  requirePipelineAndEntities,
  TaskParamsParams,
} from '../task-input.js';
import { callHubFor, forEachTarget } from '../task-steps.js';

const DONE: readonly string[] = COMPARISON_DONE_STATUSES;
const FAILED: readonly string[] = COMPARISON_FAILED_STATUSES;

/** Compares one entity's source and target; reconciles when the job allows it. Returns what it did. */
async function validateEntity(ctx: TaskContext, entityId: string): Promise<string> {
  const started = await callHubFor(
    ctx,
    buildComparisonStartRequest(ctx.job.pipelineId, entityId),
    ComparisonStartedSchema,
  );
  const bound = ctx.timing.validation;
  const run = await pollUntil(
    ctx,
    bound,
    () => callHubFor(ctx, buildComparisonRunRequest(started.jobId), ComparisonRunSchema),
    (answer) => DONE.includes(answer.status),
    (last) =>
      new TaskFailedError(
        `Validation of entity ${entityId} was still ${last.status} after ${bound.timeoutMs / 1000} s`,
        { code: TASK_FAILURE_CODES.runTimedOut, retryable: false, meta: { comparisonJobId: started.jobId } },
      ),
  );
  if (FAILED.includes(run.status)) {
    throw new TaskFailedError(`Validation of entity ${entityId} failed: ${run.errorMessage ?? run.status}`, {
      code: TASK_FAILURE_CODES.runFailed,
      retryable: false,
      meta: { comparisonJobId: run.jobId },
    });
  }
  const differences = countDifferences(run);
  if (differences === 0) return `${entityId}: no differences`;
  const found = `Validation of entity ${entityId} found ${differences} difference(s): ${describeDifferences(run)}.`;
  if (ctx.job.taskParams.validationReconcile !== true) {
    throw new TaskFailedError(`${found} Reconciliation is disabled for this job.`, {
      code: TASK_FAILURE_CODES.differencesFound,
      retryable: false,
      meta: { comparisonJobId: run.jobId },
    });
  }
  const result = await callHubFor(
    ctx,
    buildReconciliationRequest(run.jobId, bound.timeoutMs),
    ReconciliationSchema,
  );
  const left = result.skippedCount + run.schemaDifferencesCount;
  if (left > 0) {
    throw new TaskFailedError(
      `${found} Reconciliation left ${left} unresolved (${result.skippedCount} skipped rows, ${run.schemaDifferencesCount} schema differences).`,
      { code: TASK_FAILURE_CODES.differencesFound, retryable: false, meta: { comparisonJobId: run.jobId } },
    );
  }
  return `${entityId}: reconciled ${differences} difference(s)`;
}

/** `entity_validate`: compares each entity's source and target rows, optionally reconciling them. */
export const entityValidateTask = defineTask({
  type: 'entity_validate',
  description:
    'For each entity: runs a data comparison of source and target and waits for it; differences fail the run unless `validation_reconcile` is true, which reconciles them.',
  target: 'entities',
  params: PipelineParams.extend(EntityParams.shape).extend(TaskParamsParams.shape),
  requires: (job) => requirePipelineAndEntities('entity_validate', job),
  execute: async (ctx) => {
    const outcomes: string[] = [];
    await forEachTarget(ctx, ctx.job.entityIds, async (entityId) => {
      outcomes.push(await validateEntity(ctx, entityId));
    });
    return {
      message: `validated ${countOf(outcomes.length, 'entity', 'entities')} of pipeline ${ctx.job.pipelineId} (${outcomes.join('; ')})`,
    };
  },
});
