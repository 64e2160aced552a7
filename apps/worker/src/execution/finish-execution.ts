import type { ClosingPatch, Db, JobOutcomeFields } from '@chronos/db';
import { NotFoundError } from '@chronos/errors';
import {
  type Execution,
  type ExecutionStep,
  type FinalExecutionStatus,
  type Job,
  nextRunOf,
} from '@chronos/jobs';
import type { Logger } from '@chronos/logger';
import type { ExecutionEventPublisher } from '@chronos/queue';

export type FinishDeps = {
  db: Db;
  publish: ExecutionEventPublisher;
  /** Binds the execution's `executionId` and `jobId`: the lines written here do not repeat them. */
  logger: Logger;
  now: () => Date;
};

export type FinishInput = {
  job: Job;
  execution: Execution;
  status: FinalExecutionStatus;
  /** Null on success (clears the error of an earlier attempt). */
  error: string | null;
  /** The row's whole step list when this attempt has steps not written yet (they go in the same write). */
  steps?: ExecutionStep[];
  /** When the attempt ended, if that was before this write (an outcome kept while the database was down). */
  finishedAt?: Date;
};

/**
 * Writes the final status of the execution and the job's denormalised `last_*` and `next_run` fields (one
 * write: `closeWithJobOutcome`), then announces it. Runs that ran (succeeded/failed/timed_out) update `last_run`; ticks that did not run
 * (skipped/missed) only move `next_run` on, so `last_run` keeps meaning "last time the task ran".
 * Null when another attempt took the execution over: nothing of this outcome was written.
 */
export async function finishExecution(deps: FinishDeps, input: FinishInput): Promise<Execution | null> {
  const finishedAt = input.finishedAt ?? deps.now();
  const patch: ClosingPatch = {
    // A tick may be created `running` before its overlap check: one that did not run has no start.
    ...(ranTheTask(input.status) ? {} : { startedAt: null }),
    status: input.status,
    finishedAt,
    error: input.error,
    ...(input.steps ? { steps: input.steps } : {}),
  };
  const { job, execution } = input;
  // One write for both, so whoever sees the execution final (an API `?wait=true`, a test) reads a job whose
  // `last_*` fields include it. Guarded by the status and attempt read: a delivery that lost the row to a
  // newer attempt (a stalled worker that came back) writes nothing of its outcome.
  const written = await deps.db.executions.closeWithJobOutcome(execution, patch, {
    id: job.id,
    version: job.version,
    fields: outcomeFields(job, input, finishedAt),
  });
  if (!written.executionWritten) {
    deps.logger.warn(
      { status: input.status, attempt: execution.attempt },
      'execution taken over by another attempt; this outcome was not written',
    );
    return null;
  }
  // Disabled, rescheduled or deleted while it ran: `next_run` follows the job's current schedule.
  if (!written.jobWritten) await recordChangedJobOutcome(deps, input, finishedAt);
  const finished: Execution = { ...execution, ...patch };
  deps.publish('execution.finished', finished, job);
  // Every outcome is in the row, the event and the metrics; the log keeps the ones a person should read,
  // and an outcome someone may have to act on (failed, timed out, missed) is a warning with its reason.
  const fields = { status: finished.status, attempt: finished.attempt };
  if (finished.status === 'succeeded') deps.logger.debug(fields, 'execution finished');
  else if (finished.status === 'skipped' || finished.status === 'cancelled')
    deps.logger.info({ ...fields, reason: finished.error }, 'execution finished');
  else deps.logger.warn({ ...fields, reason: finished.error }, 'execution finished');
  return finished;
}

/** False for the outcomes of a tick that never ran its task (skipped by `forbid`, missed). */
function ranTheTask(status: FinalExecutionStatus): boolean {
  return status !== 'skipped' && status !== 'missed';
}

/** The job's bookkeeping fields after this outcome, computed from `job` as it was read. */
function outcomeFields(job: Job, input: FinishInput, finishedAt: Date): JobOutcomeFields {
  const nextRun = nextRunOf(job, finishedAt);
  // Ticks that did not run only move `next_run` on, so `last_run` keeps meaning "last time the task ran";
  // a missed one also shows in `last_status` ("did last night's run happen?" is answered on the job).
  if (input.status === 'missed') return { nextRun, lastStatus: 'missed' };
  if (!ranTheTask(input.status)) return { nextRun };
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

async function recordChangedJobOutcome(deps: FinishDeps, input: FinishInput, finishedAt: Date) {
  const current = await deps.db.jobs.find(input.job.id);
  if (!current) {
    deps.logger.info('job deleted during its execution');
    return;
  }
  const fields = outcomeFields(current, input, finishedAt);
  try {
    if ('lastRun' in fields) await deps.db.jobs.recordRun(current.id, fields);
    else if ('lastStatus' in fields)
      await deps.db.jobs.recordIfUnchanged(current.id, current.version, fields);
    else await deps.db.jobs.setNextRun(current.id, fields.nextRun);
  } catch (error) {
    // Deleted between the read and the write (its history goes with it by cascade): nothing to record.
    if (!(error instanceof NotFoundError)) throw error;
    deps.logger.info('job deleted during its execution');
  }
}
