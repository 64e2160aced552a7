import type { CoreHubPort } from '@chronos/corehub/contract';
import type { Db } from '@chronos/db';
import {
  FLOW_CHAIN_STOPPED_MESSAGE,
  type FlowExecutionLog,
  type FlowPlanStep,
  isFinalFlowLogStatus,
} from '@chronos/jobs';
import type { Logger } from '@chronos/logger';
import { enqueueFlowEvent, FlowFirePayloadSchema, type RunsQueue } from '@chronos/queue';
import { type Job as BullJob, UnrecoverableError } from 'bullmq';
import { classifyFailure, ExecutionTimeoutError } from '../execution/attempt-failure.js';
import type { ProcessOutcome } from '../execution/bullmq-outcome.js';
import type { RunFlowStep } from './flow-step-runner.js';

/** What the flow processors need; built once by the runtime. */
export type FlowServices = {
  db: Db;
  hub: CoreHubPort;
  queue: RunsQueue;
  logger: Logger;
  runFlowStep: RunFlowStep;
  /** Announces a final log row (fire-and-forget: wakes an api's `?wait=true`; the row is the record). */
  announceFlowFinished: (
    log: Pick<FlowExecutionLog, 'id' | 'triggerFlowId'>,
    status: 'success' | 'failed',
  ) => void;
  /** How long one sync event may take (DEFAULT_TIMEOUT_SECONDS, the jobs' default). */
  flowEventTimeoutMs: number;
  now: () => Date;
};

/*
 * One fire of a TriggerFlow (reference §4.5), durable:
 *
 * - The API created the log row (`queued`, with the plan: the events to run, fixed at fire time) and queued
 *   `flow-<logId>`. A delivery claims the row (`running`, attempt + 1, fenced on the attempt it read), then
 *   walks the plan from `events_done`: an async event is queued as `flow-<logId>-event-<index>` (its own
 *   job, idempotent), a sync event is run and awaited; each is then counted done with a write fenced on the
 *   attempt and on `events_done`, so no event is counted, queued or run again by a later delivery.
 * - A worker that dies mid-flow: BullMQ redelivers the job (stalled recovery) and the next delivery goes on
 *   from the first event not counted done. Only an event whose CoreHub call was in flight when the worker
 *   died is run again (its outcome was never known).
 * - The first sync failure stops the flow: the row ends `failed` with the original's message and what failed
 *   (`detail`); the flow's `last_error_message` gets the same message. Success clears it.
 */
export async function processFlowFire(
  services: FlowServices,
  bullJob: BullJob,
  cancelSignal: AbortSignal | undefined,
): Promise<ProcessOutcome> {
  const payload = FlowFirePayloadSchema.safeParse(bullJob.data);
  if (!payload.success) throw new UnrecoverableError(`invalid flow payload: ${payload.error.message}`);
  const { flowId, logId, requestId } = payload.data;
  const logger = services.logger.child({ flowId, flowLogId: logId, queueJobId: bullJob.id, requestId });

  const read = await services.db.flowLogs.find(logId);
  if (!read) {
    logger.info('fire of a deleted flow ignored');
    return { kind: 'done', executionId: null, status: 'ignored' };
  }
  if (isFinalFlowLogStatus(read.status)) return { kind: 'done', executionId: null, status: 'duplicate' };
  const log = await services.db.flowLogs.claim(logId, read.attempt);
  if (!log) {
    logger.warn('flow log taken over by another delivery');
    return { kind: 'superseded', executionId: logId };
  }
  return runPlan(services, log, cancelSignal, logger);
}

async function runPlan(
  services: FlowServices,
  log: FlowExecutionLog,
  cancelSignal: AbortSignal | undefined,
  logger: Logger,
): Promise<ProcessOutcome> {
  const { db } = services;
  for (let index = log.eventsDone; index < log.plan.length; index += 1) {
    const step = log.plan[index] as FlowPlanStep;
    if (step.executionMode === 'async') {
      await enqueueFlowEvent(services.queue, { flowId: log.triggerFlowId, logId: log.id, index });
    } else {
      const failure = await runSyncStep(services, step, cancelSignal, logger);
      if (failure?.kind === 'interrupted') return { kind: 'handed_back', executionId: log.id };
      if (failure?.kind === 'superseded') return { kind: 'superseded', executionId: log.id };
      if (failure) return failFlow(services, log, step, failure.message, logger);
    }
    if (!(await db.flowLogs.advance(log.id, log.attempt, index))) {
      logger.warn({ index }, 'flow log taken over by another delivery');
      return { kind: 'superseded', executionId: log.id };
    }
  }
  const finishedAt = services.now();
  const written = await db.flowLogs.finish(log.id, log.attempt, {
    status: 'success',
    errorMessage: null,
    finishedAt,
    durationMs: durationOf(log, finishedAt),
  });
  if (!written) return { kind: 'superseded', executionId: log.id };
  await db.triggerFlows.recordOutcome(log.triggerFlowId, { ok: true, at: finishedAt });
  services.announceFlowFinished(log, 'success');
  logger.info({ events: log.plan.length }, 'flow finished');
  return { kind: 'done', executionId: null, status: 'success' };
}

type StepFailure = ReturnType<typeof classifyFailure>;

/** Runs one sync event within its timeout; undefined on success, else what went wrong. */
async function runSyncStep(
  services: FlowServices,
  step: FlowPlanStep,
  cancelSignal: AbortSignal | undefined,
  logger: Logger,
): Promise<StepFailure | undefined> {
  const deadline = new AbortController();
  const timeoutSeconds = Math.round(services.flowEventTimeoutMs / 1000);
  const timer = setTimeout(
    () => deadline.abort(new ExecutionTimeoutError(timeoutSeconds)),
    services.flowEventTimeoutMs,
  );
  const signal = cancelSignal ? AbortSignal.any([deadline.signal, cancelSignal]) : deadline.signal;
  try {
    const result = await services.runFlowStep({ step, hub: services.hub, signal, logger });
    logger.debug({ position: step.position, message: result.message }, 'flow event succeeded');
    return undefined;
  } catch (error) {
    return classifyFailure(error, signal);
  } finally {
    clearTimeout(timer);
  }
}

async function failFlow(
  services: FlowServices,
  log: FlowExecutionLog,
  step: FlowPlanStep,
  error: string,
  logger: Logger,
): Promise<ProcessOutcome> {
  const finishedAt = services.now();
  const written = await services.db.flowLogs.finish(log.id, log.attempt, {
    status: 'failed',
    errorMessage: FLOW_CHAIN_STOPPED_MESSAGE,
    detail: { position: step.position, task_type: step.taskType, error },
    finishedAt,
    durationMs: durationOf(log, finishedAt),
  });
  if (!written) return { kind: 'superseded', executionId: log.id };
  await services.db.triggerFlows.recordOutcome(log.triggerFlowId, {
    ok: false,
    at: finishedAt,
    error: FLOW_CHAIN_STOPPED_MESSAGE,
  });
  services.announceFlowFinished(log, 'failed');
  logger.warn(
    { position: step.position, taskType: step.taskType, reason: error },
    'flow stopped by a sync event',
  );
  return { kind: 'done', executionId: null, status: 'failed' };
}

function durationOf(log: FlowExecutionLog, finishedAt: Date): number {
  return Math.max(0, finishedAt.getTime() - log.triggeredAt.getTime());
}
