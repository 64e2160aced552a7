import type { CoreHubPort } from '@chronos/corehub/contract';
import type { Db } from '@chronos/db';
import type { Execution, Job } from '@chronos/jobs';
import type { Logger } from '@chronos/logger';
import type { RedisConnection } from '@chronos/queue';
import { claimLease, type ExecutionEventPublisher, overlapLeaseKey, releaseLease } from '@chronos/queue';
import {
  type AttemptFailure,
  classifyFailure,
  computeRetryDelay,
  ExecutionTimeoutError,
} from './attempt-failure.js';
import type { ProcessOutcome } from './bullmq-outcome.js';
import { finishExecution } from './finish-execution.js';
import { createRecordingHub } from './recording-hub.js';
import { createStepLog, type StepLog } from './step-log.js';
import type { InvokeTask } from './task-invocation.js';

/** Everything an execution needs; built once by the runtime and shared by both processors. */
export type ExecutionServices = {
  db: Db;
  hub: CoreHubPort;
  /** Commands connection: leases and events (never the BullMQ blocking connection). */
  redis: RedisConnection;
  prefix: string;
  workerId: string;
  logger: Logger;
  publish: ExecutionEventPublisher;
  invokeTask: InvokeTask;
  /** Base of the exponential backoff between attempts (RETRY_BACKOFF_MS). */
  retryBackoffMs: number;
  /** Lifetime of the `forbid` overlap lease; renewed every third of it while the attempt runs. */
  overlapLeaseMs: number;
  now: () => Date;
};

export type RunInput = {
  job: Job;
  execution: Execution;
  /** 1 for the first start, then one more per retry or redelivery. */
  attempt: number;
  /** BullMQ's cancel signal (shutdown): aborting it hands the attempt back instead of failing it. */
  cancelSignal: AbortSignal | undefined;
  logger: Logger;
  /** The row was created `running` for this attempt (a tick's first delivery): no separate start write. */
  isCreatedRunning?: boolean;
};

/** The overlap lease of a `forbid` job: held by one execution at a time, across every worker. */
function overlapKeyFor(services: ExecutionServices, job: Job): string | undefined {
  return job.concurrencyPolicy === 'forbid' ? overlapLeaseKey(services.prefix, job.id) : undefined;
}

function ownerOf(execution: Execution): string {
  return `execution-${execution.id}`;
}

/** Rejects with the signal's reason when it aborts, even if the task ignores its signal. */
function raceWithSignal<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Runs one attempt of an execution that this delivery has claimed: the overlap check, `running`, the task
 * with every CoreHub call recorded as a step, bounded by the execution's deadline (`started_at` +
 * `timeout_seconds`, so retries share one budget), then the final status or the next retry.
 */
export async function runExecution(services: ExecutionServices, input: RunInput): Promise<ProcessOutcome> {
  const { db } = services;
  const { job, attempt, logger } = input;
  const overlapKey = overlapKeyFor(services, job);
  const owner = ownerOf(input.execution);
  const finishDeps = { db, publish: services.publish, logger, now: services.now };

  if (overlapKey) {
    const holder = await claimLease(services.redis, overlapKey, owner, services.overlapLeaseMs);
    if (holder !== owner) {
      const error = `skipped: ${holder.replace('execution-', 'execution ')} of this job is still running (concurrency_policy=forbid)`;
      await finishExecution(finishDeps, { job, execution: input.execution, status: 'skipped', error });
      return { kind: 'done', executionId: input.execution.id, status: 'skipped' };
    }
  }

  const startedAt = input.execution.startedAt ?? services.now();
  const running = input.isCreatedRunning
    ? input.execution
    : await db.executions.update(input.execution.id, {
        status: 'running',
        attempt,
        workerId: services.workerId,
        startedAt,
      });
  services.publish('execution.started', running, job);
  logger.debug({ executionId: running.id, attempt }, 'execution started');

  const remainingMs = startedAt.getTime() + job.timeoutSeconds * 1000 - services.now().getTime();
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new ExecutionTimeoutError(job.timeoutSeconds)),
    Math.max(0, remainingMs),
  );
  const signal = input.cancelSignal
    ? AbortSignal.any([deadline.signal, input.cancelSignal])
    : deadline.signal;
  const renewal = overlapKey ? renewLeaseWhileRunning(services, overlapKey, owner, logger) : undefined;
  let keepsLease = false;

  const stepLog = createStepLog(db, running);
  try {
    const hub = createRecordingHub(services.hub, {
      attempt,
      signal,
      onStep: stepLog.record,
      beforeCall: stepLog.flush,
      now: services.now,
    });
    const result = await raceWithSignal(services.invokeTask({ job, hub, signal, attempt, logger }), signal);
    logger.debug({ executionId: running.id, message: result.message }, 'task succeeded');
    await finishExecution(finishDeps, {
      job,
      execution: running,
      status: 'succeeded',
      error: null,
      steps: stepLog.close(),
    });
    return { kind: 'done', executionId: running.id, status: 'succeeded' };
  } catch (error) {
    const failure = classifyFailure(error, signal);
    const outcome = await settleFailure(services, {
      job,
      execution: running,
      attempt,
      failure,
      logger,
      stepLog,
    });
    // A retry or a hand-back is still this execution: keep others out until it comes back.
    keepsLease = outcome.kind === 'retry' || outcome.kind === 'handed_back';
    if (overlapKey && outcome.kind === 'retry') {
      await claimLease(services.redis, overlapKey, owner, outcome.delayMs + services.overlapLeaseMs);
    }
    return outcome;
  } finally {
    clearTimeout(timer);
    if (renewal) clearInterval(renewal);
    if (overlapKey && !keepsLease) {
      await releaseLease(services.redis, overlapKey, owner).catch((error: unknown) => {
        // The lease expires on its own; a failed release only delays the next run of a forbid job.
        logger.warn({ err: error }, 'overlap lease not released');
      });
    }
  }
}

function renewLeaseWhileRunning(services: ExecutionServices, key: string, owner: string, logger: Logger) {
  const every = Math.max(250, Math.floor(services.overlapLeaseMs / 3));
  const timer = setInterval(() => {
    claimLease(services.redis, key, owner, services.overlapLeaseMs).catch((error: unknown) => {
      logger.warn({ err: error }, 'overlap lease not renewed');
    });
  }, every);
  timer.unref();
  return timer;
}

type FailureInput = {
  job: Job;
  execution: Execution;
  attempt: number;
  failure: AttemptFailure;
  logger: Logger;
  stepLog: StepLog;
};

async function settleFailure(services: ExecutionServices, input: FailureInput): Promise<ProcessOutcome> {
  const { job, execution, attempt, failure, logger, stepLog } = input;
  const finishDeps = { db: services.db, publish: services.publish, logger, now: services.now };
  const close = async (status: 'failed' | 'timed_out', isRetryable: boolean): Promise<ProcessOutcome> => {
    await finishExecution(finishDeps, {
      job,
      execution,
      status,
      error: failure.message,
      steps: stepLog.close(),
    });
    return { kind: 'failed', executionId: execution.id, status, message: failure.message, isRetryable };
  };
  switch (failure.kind) {
    case 'interrupted':
      // Not a failure: the row stays `running` and the next delivery continues it as attempt + 1.
      await stepLog.flush();
      stepLog.close();
      logger.warn({ executionId: execution.id, attempt, reason: failure.message }, 'execution handed back');
      return { kind: 'handed_back', executionId: execution.id };
    case 'timed_out':
      return close('timed_out', false);
    case 'transient':
      if (attempt < job.maxAttempts) {
        const delayMs = computeRetryDelay(attempt, services.retryBackoffMs, failure.retryAfterMs);
        const error = `attempt ${attempt} of ${job.maxAttempts} failed: ${failure.message}`;
        const waiting = await services.db.executions.update(execution.id, {
          status: 'queued',
          error,
          steps: stepLog.close(),
        });
        services.publish('execution.queued', waiting, job);
        logger.warn(
          { executionId: execution.id, attempt, delayMs, err: failure.message },
          'execution retry scheduled',
        );
        return { kind: 'retry', executionId: execution.id, delayMs };
      }
      return close('failed', true);
    case 'permanent':
      return close('failed', false);
  }
}
