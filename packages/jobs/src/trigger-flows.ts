import { type ChainExecutionMode, type TaskTarget, taskInputOf } from './chain.js';

/*
 * The TriggerFlow model (reference §2.4–2.6): a named, ordered chain of events without a schedule, fired over
 * HTTP with its secret token, by a manager from the API, or by a CoreHub platform event. One fire is one
 * execution log row, created `queued` with the events it will run (its plan) and advanced by a worker one
 * event at a time.
 */

/** origin: a platform event runs only the events whose target it names; broadcast (or null): every event. */
export const FLOW_ROUTINGS = ['origin', 'broadcast'] as const;
export type FlowRouting = (typeof FLOW_ROUTINGS)[number];

/** What fired a flow (the log's `source`). */
export const FLOW_SOURCES = ['manual', 'platform_event', 'webhook'] as const;
export type FlowSource = (typeof FLOW_SOURCES)[number];

/** A log row's status; `queued` and `running` are open (the original declared `queued` but never wrote it). */
export const FLOW_LOG_STATUSES = ['queued', 'running', 'success', 'failed'] as const;
export type FlowLogStatus = (typeof FLOW_LOG_STATUSES)[number];

export function isFinalFlowLogStatus(status: FlowLogStatus): boolean {
  return status === 'success' || status === 'failed';
}

/** The original's words when a sync event fails: the flow's `last_error_message` and the log's error. */
export const FLOW_CHAIN_STOPPED_MESSAGE = 'Chain stopped early — one or more sync events failed or timed out';

export type TriggerFlowEvent = TaskTarget & {
  id: number;
  triggerFlowId: number;
  position: number;
  /** sync: the flow waits for the event and stops on its failure; async: queued to run on its own. */
  executionMode: ChainExecutionMode;
  /** An AI-run platform event may fire this event (ai_agent_run), one hop only. */
  allowAiRunLoop: boolean;
};

export type TriggerFlow = {
  id: number;
  name: string;
  description: string | null;
  enabled: boolean;
  platformEvent: string | null;
  routing: FlowRouting | null;
  lastTriggered: Date | null;
  lastSuccessfulTrigger: Date | null;
  lastErrorMessage: string | null;
  lastTriggerErrorTime: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** In `position` order. */
  events: TriggerFlowEvent[];
};

/** One event of a fire's plan: the event as it was when the flow was fired. */
export type FlowPlanStep = TaskTarget & {
  eventId: number;
  position: number;
  /** sync: the flow waits for the event and stops on its failure; async: queued to run on its own. */
  executionMode: ChainExecutionMode;
  /** `chronos:{flowId}:{eventId}:{…}` for an AI run Chronos starts: the next hop's loop guard reads it. */
  correlationId?: string;
};

/** What stopped a flow, shown as the fire response's `detail`. */
export type FlowFailureDetail = { position: number; task_type: string; error: string };

export type FlowExecutionLog = {
  id: number;
  triggerFlowId: number;
  status: FlowLogStatus;
  source: FlowSource;
  errorMessage: string | null;
  durationMs: number | null;
  plan: FlowPlanStep[];
  /** How many steps of `plan` are done: a redelivery continues from here, never repeats one. */
  eventsDone: number;
  /** Grows by one each time a delivery takes the row over; every worker write is fenced by it. */
  attempt: number;
  detail: FlowFailureDetail | null;
  triggeredAt: Date;
  finishedAt: Date | null;
};

/** A flow's plan step from its event (and the correlation id an AI run carries). */
export function toPlanStep(event: TriggerFlowEvent, correlationId?: string): FlowPlanStep {
  return {
    eventId: event.id,
    position: event.position,
    executionMode: event.executionMode,
    taskType: event.taskType,
    ...taskInputOf(event),
    ...(correlationId ? { correlationId } : {}),
  };
}
