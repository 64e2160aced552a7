import type { CoreHubPort } from '@chronos/corehub/contract';
import { type ChainStep, chainFailureMessage, type ExecutionStep } from '@chronos/jobs';
import type { Logger } from '@chronos/logger';
import { ChainStepPayloadSchema, enqueueChainStep, type RunsQueue } from '@chronos/queue';
import { type Job as BullJob, UnrecoverableError } from 'bullmq';
import { classifyFailure, ExecutionTimeoutError } from '../execution/attempt-failure.js';
import type { ProcessOutcome } from '../execution/bullmq-outcome.js';
import type { ExecutionServices } from '../execution/execution-runner.js';
import { createRecordingHub } from '../execution/recording-hub.js';

/*
 * Chained events, durably (reference §4.4, done without process memory). After an execution succeeds its
 * chain's steps are rows (one per event, unique per execution and position) and each step is one queue
 * job `chain-<executionId>-<position>` (deterministic: the worker that finishes a step and a redelivery that
 * repeats it queue the next one once). A sync step after a task CoreHub announces first waits for CoreHub's
 * webhook: it marks itself `waiting`, looks for an arrival row (written by whichever api replica received
 * the webhook) since its preceding task started, and otherwise sleeps as a delayed queue job until the api
 * wakes it or `CHAIN_WAIT_RECHECK_SECONDS` passes, up to `webhook_timeout_seconds`. A worker killed while a
 * step waits loses nothing: the queue job comes back to another worker, which reads the same rows. Every
 * move of a step is fenced by its status and attempt, so two deliveries never both run it.
 */

export type ChainServices = ExecutionServices & {
  queue: RunsQueue;
  /** How long a waiting step sleeps before it re-reads the database by itself. */
  chainWaitRecheckMs: number;
};

const done = (executionId: number, status: string): ProcessOutcome => ({ kind: 'done', executionId, status });

/**
 * After an execution succeeded: creates its chain's steps from the job's events as they are now (once,
 * whatever the number of deliveries) and queues the first. Called by every delivery that finds the
 * execution succeeded, so a worker that died between the two writes is made good by the redelivery.
 */
export async function ensureChainStarted(
  services: ChainServices,
  target: { executionId: number; jobId: number },
  logger: Logger,
): Promise<void> {
  // Most jobs have no chain: one read settles it.
  const events = await services.db.chains.listEvents(target.jobId);
  if (events.length === 0) return;
  const { executionId } = target;
  const execution = await services.db.executions.find(executionId);
  if (execution?.status !== 'succeeded' || execution.jobId !== target.jobId) return;
  let steps = await services.db.chains.listSteps(executionId);
  if (steps.length === 0) {
    const job = await services.db.jobs.find(execution.jobId);
    if (!job) return;
    steps = await services.db.chains.startChain(executionId, job.taskType, events);
    logger.info({ executionId, steps: steps.length }, 'chain started');
  }
  if (steps[0]?.status === 'pending') {
    await enqueueChainStep(services.queue, { jobId: execution.jobId, executionId, position: 0 });
  }
}

/** The BullMQ side of one chain step: wait for the webhook if it must, run its task, move the chain on. */
export async function processChainStep(
  services: ChainServices,
  bullJob: BullJob,
  cancelSignal: AbortSignal | undefined,
): Promise<ProcessOutcome> {
  const payload = ChainStepPayloadSchema.safeParse(bullJob.data);
  if (!payload.success) throw new UnrecoverableError(`invalid chain.step payload: ${payload.error.message}`);
  const { jobId, executionId, position } = payload.data;
  const logger = services.logger.child({
    jobId,
    executionId,
    chainPosition: position,
    queueJobId: bullJob.id,
  });

  let step = await services.db.chains.findStep(executionId, position);
  if (!step) {
    logger.info('chain step of a deleted execution ignored');
    return done(executionId, 'ignored');
  }
  if (step.event.executionMode === 'async') {
    // Fired without waiting for its result: the chain goes on at once.
    await queueNext(services, jobId, step);
  }
  switch (step.status) {
    case 'succeeded':
    case 'failed':
    case 'timed_out':
      await afterStep(services, jobId, step, logger);
      return done(executionId, 'duplicate');
    case 'skipped':
      return done(executionId, 'skipped');
    default:
      break;
  }

  if (step.waitsForWebhook && step.webhookReceivedAt === null && step.status !== 'running') {
    const waited = await waitForWebhook(services, jobId, step, logger);
    if ('outcome' in waited) return waited.outcome;
    step = waited.step;
  }
  return runStep(services, { jobId, step, cancelSignal, logger });
}

type Waited = { step: ChainStep } | { outcome: ProcessOutcome };

async function waitForWebhook(
  services: ChainServices,
  jobId: number,
  read: ChainStep,
  logger: Logger,
): Promise<Waited> {
  const { db } = services;
  let step = read;
  const now = services.now();
  if (step.status === 'pending') {
    const patch = { status: 'waiting' as const, waitStartedAt: now };
    if (!(await db.chains.updateStepIfUnchanged(step.id, step, patch))) {
      return { outcome: { kind: 'superseded', executionId: step.executionId } };
    }
    step = { ...step, ...patch };
    logger.info(
      { timeoutSeconds: step.event.webhookTimeoutSeconds },
      'chain step waiting for the corehub webhook',
    );
  }
  const since = await windowStartOf(services, step);
  const arrival = await db.chains.findArrivalSince(step.eventId, since);
  if (arrival) {
    const patch = { webhookReceivedAt: arrival };
    if (!(await db.chains.updateStepIfUnchanged(step.id, step, patch))) {
      return { outcome: { kind: 'superseded', executionId: step.executionId } };
    }
    logger.info({ receivedAt: arrival.toISOString() }, 'corehub webhook arrived');
    return { step: { ...step, ...patch } };
  }
  const waitStartedAt = step.waitStartedAt ?? now;
  const remainingMs = waitStartedAt.getTime() + step.event.webhookTimeoutSeconds * 1000 - now.getTime();
  if (remainingMs > 0) {
    return {
      outcome: {
        kind: 'retry',
        executionId: step.executionId,
        delayMs: Math.min(remainingMs, services.chainWaitRecheckMs),
      },
    };
  }
  const closed = {
    status: 'timed_out' as const,
    finishedAt: now,
    error: `no webhook from CoreHub within ${step.event.webhookTimeoutSeconds} s`,
  };
  if (!(await db.chains.updateStepIfUnchanged(step.id, step, closed))) {
    return { outcome: { kind: 'superseded', executionId: step.executionId } };
  }
  logger.warn({ reason: closed.error }, 'chain step timed out');
  await afterStep(services, jobId, { ...step, ...closed }, logger);
  return { outcome: done(step.executionId, 'timed_out') };
}

/**
 * Since when an arrival counts for a step: from the start of the task before it (the parent execution
 * for the first step), so a webhook CoreHub sent while that task was still finishing is not lost, and one
 * from an earlier run is not taken for this one.
 */
async function windowStartOf(services: ChainServices, step: ChainStep): Promise<Date> {
  if (step.position > 0) {
    const previous = await services.db.chains.findStep(step.executionId, step.position - 1);
    if (previous?.startedAt) return previous.startedAt;
  }
  const execution = await services.db.executions.find(step.executionId);
  return execution?.startedAt ?? execution?.queuedAt ?? step.waitStartedAt ?? services.now();
}

type RunStepInput = {
  jobId: number;
  step: ChainStep;
  cancelSignal: AbortSignal | undefined;
  logger: Logger;
};

async function runStep(services: ChainServices, input: RunStepInput): Promise<ProcessOutcome> {
  const { db } = services;
  const { jobId, logger } = input;
  const job = await db.jobs.find(jobId);
  if (!job) {
    logger.info('chain step of a deleted job ignored');
    return done(input.step.executionId, 'ignored');
  }
  const start = {
    status: 'running' as const,
    attempt: input.step.attempt + 1,
    startedAt: input.step.startedAt ?? services.now(),
  };
  // Fenced: of two deliveries that read the same step, one runs it.
  if (!(await db.chains.updateStepIfUnchanged(input.step.id, input.step, start))) {
    return { kind: 'superseded', executionId: input.step.executionId };
  }
  const step: ChainStep = { ...input.step, ...start };
  logger.info({ attempt: step.attempt, taskType: step.event.taskType }, 'chain step started');

  const calls: ExecutionStep[] = [...step.steps];
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new ExecutionTimeoutError(job.timeoutSeconds)),
    job.timeoutSeconds * 1000,
  );
  const signal = input.cancelSignal
    ? AbortSignal.any([deadline.signal, input.cancelSignal])
    : deadline.signal;
  let error: string | null = null;
  try {
    const hub: CoreHubPort = createRecordingHub(services.hub, {
      attempt: step.attempt,
      signal,
      onStep: async (recorded) => {
        calls.push(recorded);
      },
      now: services.now,
    });
    await services.invokeTask({ job, target: step.event, hub, signal, attempt: step.attempt, logger });
  } catch (thrown) {
    const failure = classifyFailure(thrown, signal);
    if (failure.kind === 'interrupted') {
      // Shutdown: the row stays `running`; the next delivery runs it again as the next attempt.
      await db.chains.updateStepIfUnchanged(step.id, step, { steps: calls });
      logger.warn({ reason: failure.message }, 'chain step handed back');
      return { kind: 'handed_back', executionId: step.executionId };
    }
    if (failure.kind === 'superseded') return { kind: 'superseded', executionId: step.executionId };
    error = failure.message;
  } finally {
    clearTimeout(timer);
  }
  const closed = {
    status: error === null ? ('succeeded' as const) : ('failed' as const),
    finishedAt: services.now(),
    error,
    steps: calls,
  };
  if (!(await db.chains.updateStepIfUnchanged(step.id, step, closed))) {
    return { kind: 'superseded', executionId: step.executionId };
  }
  if (error === null) logger.info('chain step succeeded');
  else logger.warn({ reason: error }, 'chain step failed');
  await afterStep(services, jobId, { ...step, ...closed }, logger);
  return done(step.executionId, closed.status);
}

/**
 * What a finished step means for its chain (repeatable: a redelivery after a crash does it again). A sync
 * step that succeeded queues the next; one that failed or timed out stops the chain (the steps after it
 * are `skipped`) and writes the reference's message into the job's last error. An async step's failure is
 * written there too but stops nothing.
 */
async function afterStep(services: ChainServices, jobId: number, step: ChainStep, logger: Logger) {
  const failed = step.status === 'failed' || step.status === 'timed_out';
  if (step.event.executionMode === 'async') {
    if (failed) await recordChainError(services, jobId, step);
    return;
  }
  if (!failed) {
    await queueNext(services, jobId, step);
    return;
  }
  const steps = await services.db.chains.listSteps(step.executionId);
  for (const later of steps.filter((candidate) => candidate.position > step.position)) {
    if (later.status !== 'pending' && later.status !== 'waiting') continue;
    await services.db.chains.updateStepIfUnchanged(later.id, later, {
      status: 'skipped',
      finishedAt: services.now(),
      error: `not run: chained event pos=${step.position} failed`,
    });
  }
  await recordChainError(services, jobId, step);
  logger.warn({ failedAt: step.position }, 'chain stopped');
}

async function recordChainError(services: ChainServices, jobId: number, step: ChainStep) {
  await services.db.jobs.recordChainError(
    jobId,
    chainFailureMessage(step),
    step.finishedAt ?? services.now(),
  );
}

async function queueNext(services: ChainServices, jobId: number, step: ChainStep): Promise<void> {
  const next = await services.db.chains.findStep(step.executionId, step.position + 1);
  if (next?.status !== 'pending') return;
  await enqueueChainStep(services.queue, {
    jobId,
    executionId: step.executionId,
    position: step.position + 1,
  });
}
