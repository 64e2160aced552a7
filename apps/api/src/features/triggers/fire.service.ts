import { UpstreamError } from '@chronos/errors';
import {
  aiRunCorrelationId,
  type FlowExecutionLog,
  type FlowSource,
  findAiLoopRefusal,
  isFinalFlowLogStatus,
  selectRoutedEvents,
  type TriggerFlow,
  toPlanStep,
} from '@chronos/jobs';
import { enqueueFlowFire } from '@chronos/queue';
import { type ApiDeps, currentTime } from '../../deps.js';
import type { FireResponse } from './triggers.schemas.js';

/*
 * Firing a flow (reference §4.5): the API decides which events run (all of them; for a platform event, what
 * its routing selects, and nothing when the AI loop guard refuses), records the log row `queued` with that
 * plan, and queues `flow-<logId>`; a worker runs it. The row is the record: a wait reads it, not memory.
 */

export type FireRequest = {
  flow: TriggerFlow;
  source: FlowSource;
  payload: Record<string, unknown>;
  requestId: string;
};

/** What a fire started: the log row, or why nothing was recorded (a platform event that selects nothing). */
export type FireStarted =
  | { kind: 'queued'; log: FlowExecutionLog; triggeredAt: Date }
  | { kind: 'skipped'; reason: string; triggeredAt: Date };

export async function startFire(deps: ApiDeps, request: FireRequest): Promise<FireStarted> {
  const { flow, source, payload } = request;
  const triggeredAt = currentTime(deps);
  const isPlatformEvent = source === 'platform_event';
  const events = isPlatformEvent ? selectRoutedEvents(flow.events, flow.routing, payload) : flow.events;
  if (isPlatformEvent) {
    const refusal = findAiLoopRefusal(events, payload);
    if (refusal) return { kind: 'skipped', reason: refusal, triggeredAt };
    // Origin routing with no matching event: a no-op that records nothing (the original's behaviour).
    if (events.length === 0)
      return { kind: 'skipped', reason: 'no event matches the platform event', triggeredAt };
  }
  const plan = events.map((event) =>
    toPlanStep(
      event,
      event.taskType === 'ai_agent_run' ? aiRunCorrelationId(flow.id, event.id, payload) : undefined,
    ),
  );
  await deps.db.triggerFlows.recordTriggered(flow.id, triggeredAt);
  const log = await deps.db.flowLogs.create({ triggerFlowId: flow.id, source, plan, triggeredAt });
  try {
    await enqueueFlowFire(deps.queue, { flowId: flow.id, logId: log.id, requestId: request.requestId });
  } catch (error) {
    const reason = 'Could not queue the flow: Redis is unavailable';
    await deps.db.flowLogs.finish(log.id, log.attempt, {
      status: 'failed',
      errorMessage: reason,
      finishedAt: currentTime(deps),
      durationMs: 0,
    });
    throw new UpstreamError(`flow ${flow.id} not queued`, {
      code: 'REDIS_UNAVAILABLE',
      detail: `${reason}; execution log ${log.id} was recorded as failed`,
      cause: error,
    });
  }
  deps.logger.info({ flowId: flow.id, flowLogId: log.id, source, events: plan.length }, 'flow queued');
  return { kind: 'queued', log, triggeredAt };
}

/** How often a wait re-reads the log row without a wake-up (events lost while Redis was away). */
const WAIT_POLL_MS = 1000;

/**
 * Re-reads the log row until it is final, `timeoutMs` passed or the client left, and answers the row as it
 * is then. A `flow.finished` event for the row (published by the worker) wakes it at once; a poll covers
 * events that never arrive.
 */
export function waitForFlowLog(
  deps: ApiDeps,
  logId: number,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<FlowExecutionLog> {
  return new Promise((resolve, reject) => {
    let done = false;
    let reading = false;
    let readAgain = false;
    const cleanups: Array<() => void> = [];
    const finish = (outcome: FlowExecutionLog | Error) => {
      if (done) return;
      done = true;
      for (const cleanup of cleanups) cleanup();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const read = async (isLast: boolean) => {
      if (done) return;
      if (reading && !isLast) {
        readAgain = true;
        return;
      }
      reading = true;
      readAgain = false;
      try {
        const log = await deps.db.flowLogs.get(logId);
        if (isLast || isFinalFlowLogStatus(log.status)) finish(log);
      } catch (error) {
        if (isLast) finish(error instanceof Error ? error : new Error(String(error)));
        else deps.logger.debug({ err: error, flowLogId: logId }, 'flow log re-read failed while waiting');
      } finally {
        reading = false;
      }
      if (readAgain) void read(false);
    };
    cleanups.push(deps.events.subscribeFlows((event) => event.logId === logId && void read(false)));
    const poll = setInterval(() => void read(false), WAIT_POLL_MS);
    const deadline = setTimeout(() => void read(true), options.timeoutMs);
    cleanups.push(
      () => clearInterval(poll),
      () => clearTimeout(deadline),
    );
    if (options.signal) {
      const onAbort = () => void read(true);
      options.signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => options.signal?.removeEventListener('abort', onAbort));
    }
    void read(false);
  });
}

/** The fire response (reference §1.4 FireResponse) for what a fire started and, with `wait`, how it ended. */
export function describeFire(
  flow: TriggerFlow,
  started: FireStarted,
  waited?: { log: FlowExecutionLog; timeoutSeconds: number },
): FireResponse {
  const base = {
    trigger_flow_id: flow.id,
    triggered_at: started.triggeredAt.toISOString(),
    events_count: started.kind === 'queued' ? started.log.plan.length : 0,
  };
  if (started.kind === 'skipped') {
    return {
      ...base,
      status: 'completed',
      message: `TriggerFlow '${flow.name}' completed`,
      detail: { skipped: started.reason },
    };
  }
  const logDetail = { log_id: started.log.id };
  if (!waited) {
    return {
      ...base,
      status: 'queued',
      message: `TriggerFlow '${flow.name}' queued for execution`,
      detail: logDetail,
    };
  }
  const { log } = waited;
  if (log.status === 'success') {
    return {
      ...base,
      status: 'completed',
      message: `TriggerFlow '${flow.name}' completed`,
      detail: logDetail,
    };
  }
  const error =
    log.status === 'failed'
      ? (log.errorMessage ?? 'failed')
      : `Timed out after ${waited.timeoutSeconds}s waiting for chain to finish`;
  return {
    ...base,
    status: 'failed',
    message: `TriggerFlow '${flow.name}' failed: ${error}`,
    detail: { ...logDetail, ...(log.detail ? { failed_event: log.detail } : {}) },
  };
}
