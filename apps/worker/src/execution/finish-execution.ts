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

/** The job's bookkeeping fields after this outcome, computed from `job` as it was read. */
function outcomeFields(job: Job, input: FinishInput, finishedAt: Date) {
  const nextRun = nextRunOf(job, finishedAt);
  // Ticks that did not run only move `next_run` on, so `last_run` keeps meaning "last time the task ran".
  if (input.status === 'skipped' || input.status === 'missed') return { nextRun };
  const lastRun = input.execution.startedAt ?? finishedAt;
  if (input.status === 'succeeded') {
    return {
      lastRun,
      lastStatus: input.status,
      lastSuccessfulRun: finishedAt,
      lastErrorMessage: null,
      lastRunErrorTime: null,
      nextRun,
    };
  }
  return {
    lastRun,
    lastStatus: input.status,
    lastErrorMessage: input.error,
    lastRunErrorTime: finishedAt,
    nextRun,
  };
}

async function recordJobOutcome(deps: FinishDeps, input: FinishInput, finishedAt: Date) {
  // One statement while the job is as the execution read it; otherwise (disabled, rescheduled or deleted
  // while it ran) re-read it so `next_run` follows its current schedule.
  const { job } = input;
  if (await deps.db.jobs.recordIfUnchanged(job.id, job.version, outcomeFields(job, input, finishedAt)))
    return;
  const current = await deps.db.jobs.find(job.id);
  if (!current) {
    deps.logger.info({ jobId: job.id }, 'job deleted during its execution');
    return;
  }
  if (
    !(await deps.db.jobs.recordIfUnchanged(
      current.id,
      current.version,
      outcomeFields(current, input, finishedAt),
    ))
  ) {
    // Changed again in between: its own write has set `next_run`; the outcome fields wait for the next run.
    deps.logger.info({ jobId: job.id }, 'job changed twice during its execution; outcome not recorded on it');
  }
}
