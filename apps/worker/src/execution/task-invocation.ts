import type { CoreHubPort } from '@chronos/corehub/contract';
import { type Job, type TaskTarget, taskInputOf } from '@chronos/jobs';
import type { Logger } from '@chronos/logger';
import { getTask, type TaskParams, type TaskTiming } from '@chronos/tasks';

/**
 * One attempt of a task, as the execution runner sees it: the job's own task, or one of its chained events
 * (`target`, run on behalf of `job`).
 */
export type TaskInvocation = {
  job: Job;
  target?: TaskTarget;
  hub: CoreHubPort;
  signal: AbortSignal;
  attempt: number;
  logger: Logger;
};

/** Runs the task of `job.taskType`; resolves with its summary, throws on failure. */
export type InvokeTask = (invocation: TaskInvocation) => Promise<{ message: string }>;

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Binds the task registry to the worker: the task sees the job's CoreHub inputs, the recording hub (never
 * the raw client: every call must become a step), the attempt's signal and the configured timing.
 */
export function createTaskInvoker(timing: TaskTiming): InvokeTask {
  return async ({ job, target = job, hub, signal, attempt, logger }) => {
    const task = getTask(target.taskType);
    const input = taskInputOf(target);
    return task.execute({
      job: {
        jobId: job.id,
        ...input,
        // Checked against the type's own params schema by the task before it makes any call.
        taskParams: input.taskParams as TaskParams,
      },
      hub,
      logger,
      signal,
      attempt,
      timing,
      sleep,
    });
  };
}
