import type { Db } from '@chronos/db';
import { NotFoundError } from '@chronos/errors';
import { type Execution, type FinalExecutionStatus, type Job, nextRunOf } from '@chronos/jobs';
import type { Logger } from '@chronos/logger';
import type { ExecutionEventPublisher } from '@chronos/queue';

export type FinishDeps = { db: Db; publish: ExecutionEventPublisher; logger: Logger; now: () => Date };

export type FinishInput = {
  job: Job;
  execution: Execution;
  status: FinalExecutionStatus;
  /** Null on success (clears the error of an earlier attempt). */
  error: string | null;
};

/**
 * Writes the job's denormalised `last_*` and `next_run` fields, then the final status of the execution, then
 * announces it. Runs that ran (succeeded/failed/timed_out) update `last_run`; ticks that did not run
 * (skipped/missed) only move `next_run` on, so `last_run` keeps meaning "last time the task ran".
 */
export async function finishExecution(deps: FinishDeps, input: FinishInput): Promise<Execution> {
  const finishedAt = deps.now();
  // The job first: whoever sees the execution final (an API `?wait=true`, a test) then reads a job whose
  // `last_*` fields already include it. A crash in between leaves the execution open, and its redelivery
  // writes both again.
  await recordJobOutcome(deps, input, finishedAt);
  const finished = await deps.db.executions.update(input.execution.id, {
    status: input.status,
    finishedAt,
    error: input.error,
  });
  deps.publish('execution.finished', finished, input.job);
  deps.logger.info(
    { executionId: finished.id, status: finished.status, attempt: finished.attempt },
    'execution finished',
  );
  return finished;
}

async function recordJobOutcome(deps: FinishDeps, input: FinishInput, finishedAt: Date) {
  // Re-read: the job may have been disabled, rescheduled or deleted while it ran.
  const job = await deps.db.jobs.find(input.job.id);
  if (!job) {
    deps.logger.info({ jobId: input.job.id }, 'job deleted during its execution');
    return;
  }
  const nextRun = nextRunOf(job, finishedAt);
  try {
    if (input.status === 'skipped' || input.status === 'missed') {
      await deps.db.jobs.setNextRun(job.id, nextRun);
      return;
    }
    const lastRun = input.execution.startedAt ?? finishedAt;
    if (input.status === 'succeeded') {
      await deps.db.jobs.recordRun(job.id, {
        lastRun,
        lastStatus: 'succeeded',
        lastSuccessfulRun: finishedAt,
        lastErrorMessage: null,
        lastRunErrorTime: null,
        nextRun,
      });
      return;
    }
    await deps.db.jobs.recordRun(job.id, {
      lastRun,
      lastStatus: input.status,
      lastErrorMessage: input.error,
      lastRunErrorTime: finishedAt,
      nextRun,
    });
  } catch (error) {
    // The job was deleted while its execution ran (its history goes with it by cascade): nothing to record.
    if (error instanceof NotFoundError) {
      deps.logger.info({ jobId: job.id }, 'job deleted during its execution');
      return;
    }
    throw error;
  }
}
