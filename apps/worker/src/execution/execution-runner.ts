import type { CoreHubPort } from '@chronos/corehub/contract';
import type { Db } from '@chronos/db';
import { UpstreamError } from '@chronos/errors';
import type { Execution, Job } from '@chronos/jobs';
import type { Logger } from '@chronos/logger';
import {
  claimLease,
  type ExecutionEventPublisher,
  overlapLeaseKey,
  type PendingOutcome,
  type RedisConnection,
  releaseLease,
} from '@chronos/queue';
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
  /** A decision an earlier delivery of this attempt could not write (the database did not answer). */
  pending?: PendingOutcome | undefined;
};

/** `startsChain: false` when the job as read counted no chained events (see `startChainAfter`). */
export function chainHint(job: Job): { startsChain?: false } {
  return job.chainedEventCount === 0 ? { startsChain: false } : {};
}

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
 * `timeout_seconds`, so retries share one budget), then the final status or the next retry. When the
 * database does not answer that closing write, the decision is kept with the queue job (`unrecorded`) and
 * the next delivery of the same attempt writes it without calling CoreHub again.
 */
export async function runExecution(services: ExecutionServices, input: RunInput): Promise<ProcessOutcome> {
  const { db } = services;
  const { job, attempt, logger } = input;
  const overlapKey = overlapKeyFor(services, job);
  const owner = ownerOf(input.execution);
  const finishDeps = { db, publish: services.publish, logger, now: services.now };

  const { pending } = input;
  if (pending && input.execution.status === 'running' && pending.attempt === input.execution.attempt) {
    // An earlier delivery of this very attempt made its CoreHub calls; only their record is missing.
    logger.info(
      { attempt: pending.attempt, decision: pending.kind },
      'writing the outcome kept while the database was unavailable',
    );
    const outcome = await recordOrKeep(services, {
      job,
      execution: input.execution,
      decision: pending,
      logger,
    });
    if (overlapKey) await settleOverlapLease(services, overlapKey, owner, outcome, logger);
    return outcome;
  }

  if (overlapKey) {
    const holder = await claimLease(services.redis, overlapKey, owner, services.overlapLeaseMs);
    if (holder !== owner) {
      const error = `skipped: ${holder.replace('execution-', 'execution ')} of this job is still running (concurrency_policy=forbid)`;
      await finishExecution(finishDeps, { job, execution: input.execution, status: 'skipped', error });
      return { kind: 'done', executionId: input.execution.id, status: 'skipped' };
    }
  }

  const startedAt = input.execution.startedAt ?? services.now();
  let running = input.execution;
  if (!input.isCreatedRunning) {
    const start = { status: 'running' as const, attempt, workerId: services.workerId, startedAt };
    // Fenced by the row as this delivery read it: two deliveries that both read attempt N start one N + 1.
    if (!(await db.executions.updateIfUnchanged(running.id, running, start))) {
      return supersededOutcome(running, logger);
    }
    running = { ...running, ...start };
  }
  services.publish('execution.started', running, job);
  logger.debug({ attempt }, 'execution started');

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
  let outcome: ProcessOutcome | undefined;

  const stepLog = createStepLog(db, running);
  try {
    let decided: Decided;
    try {
      const hub = createRecordingHub(services.hub, {
        attempt,
        signal,
        onStep: stepLog.record,
        beforeCall: stepLog.flush,
        now: services.now,
      });
      const result = await raceWithSignal(services.invokeTask({ job, hub, signal, attempt, logger }), signal);
      logger.debug({ message: result.message }, 'task succeeded');
      decided = {
        decision: {
          kind: 'final',
          attempt,
          status: 'succeeded',
          error: null,
          isRetryable: false,
          steps: stepLog.close(),
          finishedAt: services.now().toISOString(),
        },
      };
    } catch (error) {
      decided = await decideFailure(services, {
        job,
        execution: running,
        attempt,
        failure: classifyFailure(error, signal),
        logger,
        stepLog,
      });
    }
    outcome =
      'outcome' in decided
        ? decided.outcome
        : await recordOrKeep(services, { job, execution: running, decision: decided.decision, logger });
    return outcome;
  } finally {
    clearTimeout(timer);
    if (renewal) clearInterval(renewal);
    if (overlapKey) await settleOverlapLease(services, overlapKey, owner, outcome, logger);
  }
}

/** What an attempt ended with: a decision still to be written, or an outcome that writes nothing more. */
type Decided = { decision: PendingOutcome } | { outcome: ProcessOutcome };

/**
 * The `forbid` lease after an attempt: a retry keeps it until it comes back; a hand-back, a superseded
 * attempt (it shares the lease, owned by the execution, with the attempt that took over) and an outcome
 * not written yet leave it as it is; anything else (also a throw: `outcome` undefined) frees it.
 */
async function settleOverlapLease(
  services: ExecutionServices,
  key: string,
  owner: string,
  outcome: ProcessOutcome | undefined,
  logger: Logger,
): Promise<void> {
  if (outcome?.kind === 'retry') {
    await claimLease(services.redis, key, owner, outcome.delayMs + services.overlapLeaseMs);
    return;
  }
  if (outcome && ['handed_back', 'superseded', 'unrecorded'].includes(outcome.kind)) return;
  await releaseLease(services.redis, key, owner).catch((error: unknown) => {
    // The lease expires on its own; a failed release only delays the next run of a forbid job.
    logger.warn({ err: error }, 'overlap lease not released');
  });
}

type RecordInput = { job: Job; execution: Execution; decision: PendingOutcome; logger: Logger };

/**
 * Writes what the attempt decided; when the database does not answer, keeps the decision for the queue job
 * instead (the task is not run again for want of a write).
 */
async function recordOrKeep(services: ExecutionServices, input: RecordInput): Promise<ProcessOutcome> {
  try {
    return await recordDecision(services, input);
  } catch (error) {
    if (!(error instanceof UpstreamError && error.retryable)) throw error;
    const delayMs = computeRetryDelay(1, services.retryBackoffMs);
    input.logger.warn(
      { executionId: input.execution.id, attempt: input.decision.attempt, err: error, delayMs },
      'database unavailable: outcome kept with the queue job until it can be written',
    );
    return { kind: 'unrecorded', executionId: input.execution.id, pending: input.decision, delayMs };
  }
}

async function recordDecision(services: ExecutionServices, input: RecordInput): Promise<ProcessOutcome> {
  const { job, execution, decision, logger } = input;
  if (decision.kind === 'retry') {
    const retry = { status: 'queued' as const, error: decision.error, steps: decision.steps };
    // Fenced like the final write: a paused worker that comes back must not reopen a finished row.
    if (!(await services.db.executions.updateIfUnchanged(execution.id, execution, retry))) {
      return supersededOutcome(execution, logger);
    }
    services.publish('execution.queued', { ...execution, ...retry }, job);
    logger.warn(
      { attempt: decision.attempt, delayMs: decision.delayMs, reason: decision.error },
      'execution retry scheduled',
    );
    return { kind: 'retry', executionId: execution.id, delayMs: decision.delayMs };
  }
  const finishDeps = { db: services.db, publish: services.publish, logger, now: services.now };
  const finished = await finishExecution(finishDeps, {
    job,
    execution,
    status: decision.status,
    error: decision.error,
    steps: decision.steps,
    finishedAt: new Date(decision.finishedAt),
  });
  if (!finished) return { kind: 'superseded', executionId: execution.id };
  if (decision.status === 'succeeded')
    return { kind: 'done', executionId: execution.id, status: 'succeeded', ...chainHint(job) };
  return {
    kind: 'failed',
    executionId: execution.id,
    status: decision.status,
    message: decision.error ?? decision.status,
    isRetryable: decision.isRetryable,
  };
}

/**
 * Closes an open execution that will not run again (its redelivery found the job disabled or rescheduled),
 * with the reason a person reads in its history, and frees the `forbid` lease it may still hold so the
 * job's next run is not skipped because of it.
 */
export async function cancelExecution(
  services: ExecutionServices,
  input: { job: Job; execution: Execution; reason: string; logger: Logger },
): Promise<ProcessOutcome> {
  const { job, execution, logger } = input;
  const finishDeps = { db: services.db, publish: services.publish, logger, now: services.now };
  const error = `cancelled: ${input.reason}`;
  await finishExecution(finishDeps, { job, execution, status: 'cancelled', error });
  const overlapKey = overlapKeyFor(services, job);
  if (overlapKey) {
    await releaseLease(services.redis, overlapKey, ownerOf(execution)).catch((failure: unknown) => {
      logger.warn({ err: failure }, 'overlap lease not released');
    });
  }
  return { kind: 'done', executionId: execution.id, status: 'cancelled' };
}

/** This attempt lost its execution to another (lock lost, row moved on): it writes nothing more. */
function supersededOutcome(
  execution: Execution,
  logger: Logger,
  reason = 'another attempt took this execution over',
): ProcessOutcome {
  logger.warn({ attempt: execution.attempt, reason }, 'attempt superseded');
  return { kind: 'superseded', executionId: execution.id };
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

/** What a failed attempt means: a final status or a retry to write, or a hand-back that writes no status. */
async function decideFailure(services: ExecutionServices, input: FailureInput): Promise<Decided> {
  const { job, execution, attempt, failure, logger, stepLog } = input;
  const final = (status: 'failed' | 'timed_out', isRetryable: boolean): Decided => ({
    decision: {
      kind: 'final',
      attempt,
      status,
      error: failure.message,
      isRetryable,
      steps: stepLog.close(),
      finishedAt: services.now().toISOString(),
    },
  });
  switch (failure.kind) {
    case 'superseded':
      stepLog.close();
      return { outcome: supersededOutcome(execution, logger, failure.message) };
    case 'interrupted':
      // Not a failure: the row stays `running` and the next delivery continues it as attempt + 1.
      await stepLog.flush();
      stepLog.close();
      logger.warn({ attempt, reason: failure.message }, 'execution handed back');
      return { outcome: { kind: 'handed_back', executionId: execution.id } };
    case 'timed_out':
      return final('timed_out', false);
    case 'transient':
      if (attempt < job.maxAttempts) {
        return {
          decision: {
            kind: 'retry',
            attempt,
            error: `attempt ${attempt} of ${job.maxAttempts} failed: ${failure.message}`,
            steps: stepLog.close(),
            delayMs: computeRetryDelay(attempt, services.retryBackoffMs, failure.retryAfterMs),
          },
        };
      }
      return final('failed', true);
    case 'permanent':
      return final('failed', false);
  }
}
