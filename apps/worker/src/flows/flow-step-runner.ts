import type { CoreHubPort } from '@chronos/corehub/contract';
import type { FlowPlanStep } from '@chronos/jobs';
import type { Logger } from '@chronos/logger';
import { getTask, type TaskParams, type TaskTiming } from '@chronos/tasks';
import { sleep } from '../execution/task-invocation.js';

/** One event of a fired flow, as the flow processors see it. */
export type FlowStepInvocation = {
  step: FlowPlanStep;
  hub: CoreHubPort;
  signal: AbortSignal;
  logger: Logger;
};

/** Runs the task of one flow event; resolves with its summary, throws on failure. */
export type RunFlowStep = (invocation: FlowStepInvocation) => Promise<{ message: string }>;

/**
 * Binds the task registry to flow events, exactly as `createTaskInvoker` binds it to jobs: a flow event's
 * target has the fields of a job's task part, so the same task code runs it, through the same CoreHub port.
 */
export function createFlowStepRunner(timing: TaskTiming): RunFlowStep {
  return async ({ step, hub, signal, logger }) =>
    getTask(step.taskType).execute({
      job: {
        pipelineId: step.pipelineId,
        entityIds: step.entityIds,
        groupIds: step.groupIds,
        withSnapshot: step.withSnapshot,
        snapshotWriteMethod: step.snapshotWriteMethod,
        // Checked against the type's own params schema by the task before it makes any call.
        taskParams: step.taskParams as TaskParams,
        ...(step.correlationId ? { correlationId: step.correlationId } : {}),
      },
      hub,
      logger,
      signal,
      attempt: 1,
      timing,
      sleep,
    });
}
