import { ConflictError, UpstreamError } from '@chronos/errors';
import type { Execution } from '@chronos/jobs';
import { createExecutionEventPublisher, enqueueRunNow } from '@chronos/queue';
import { type ApiDeps, currentTime } from '../../deps.js';
import { toExecutionResponse } from './execution-response.js';
import type { RunResultResponse } from './executions.schemas.js';
import { waitForExecution } from './wait-for-execution.js';

/**
 * Run now: the API records the execution (`manual`, scheduled for now, `queued`) and queues it; a worker
 * runs it. The unique key (job, trigger, scheduled_for) is per millisecond, so two requests in the same
 * millisecond shift the second by one.
 */

const SAME_INSTANT_ATTEMPTS = 10;

async function createManualExecution(deps: ApiDeps, jobId: number): Promise<Execution> {
  const now = currentTime(deps);
  for (let offset = 0; offset < SAME_INSTANT_ATTEMPTS; offset += 1) {
    const { execution, created } = await deps.db.executions.createIfAbsent({
      jobId,
      trigger: 'manual',
      scheduledFor: new Date(now.getTime() + offset),
      status: 'queued',
      queuedAt: now,
    });
    if (created) return execution;
  }
  throw new ConflictError(`run-now of job ${jobId} collided ${SAME_INSTANT_ATTEMPTS} times`, {
    code: 'RUN_ALREADY_REQUESTED',
    detail: `Job ${jobId} was asked to run several times at the same instant; try again`,
  });
}

/**
 * Creates the execution row and queues it. When Redis refuses the job, the row is marked `failed` with the
 * reason and the caller gets a 503: nothing will run, and the history says why.
 */
export async function startRun(deps: ApiDeps, jobId: number, requestId: string): Promise<Execution> {
  const job = await deps.db.jobs.get(jobId);
  const execution = await createManualExecution(deps, jobId);
  try {
    await enqueueRunNow(deps.queue, { jobId, executionId: execution.id, requestId });
  } catch (error) {
    const reason = 'Could not queue the run: Redis is unavailable';
    await deps.db.executions.update(execution.id, {
      status: 'failed',
      finishedAt: currentTime(deps),
      error: reason,
    });
    throw new UpstreamError(`run-now of job ${jobId} not queued`, {
      code: 'REDIS_UNAVAILABLE',
      detail: `${reason}; execution ${execution.id} was recorded as failed`,
      meta: { executionId: execution.id },
      cause: error,
    });
  }
  deps.logger.info({ jobId, executionId: execution.id, requestId }, 'run queued');
  // Best effort: the row is the record, an event only tells live clients sooner.
  createExecutionEventPublisher({
    redis: deps.redis,
    prefix: deps.config.redis.prefix,
    logger: deps.logger,
    now: () => currentTime(deps),
  })('execution.queued', execution, job);
  return execution;
}

function describeOutcome(execution: Execution, finished: boolean, waitedSeconds: number): string {
  if (!finished) {
    return (
      `Execution ${execution.id} is still ${execution.status} after ${waitedSeconds}s; ` +
      `follow it at /api/executions/${execution.id}`
    );
  }
  const reason = execution.error ? `: ${execution.error}` : '';
  switch (execution.status) {
    case 'succeeded':
      return `Job ${execution.jobId} executed successfully`;
    case 'skipped':
      return `Execution ${execution.id} was skipped${reason || ': a previous execution is still running'}`;
    default:
      return `Execution ${execution.id} ended ${execution.status}${reason}`;
  }
}

/** Waits for a queued run to finish (or for `timeoutSeconds`) and answers in the run-result shape. */
export async function waitForRun(
  deps: ApiDeps,
  execution: Execution,
  options: { timeoutSeconds: number; signal?: AbortSignal },
): Promise<RunResultResponse> {
  const outcome = await waitForExecution(deps, execution.id, {
    timeoutMs: options.timeoutSeconds * 1000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return {
    ...toExecutionResponse(outcome.execution, await deps.db.chains.listSteps(execution.id)),
    success: outcome.finished && outcome.execution.status === 'succeeded',
    message: describeOutcome(outcome.execution, outcome.finished, options.timeoutSeconds),
  };
}
