import { webhookEventsAfter } from '@chronos/corehub/contract';
import type { ExecutionStep, SnapshotWriteMethod } from './model.js';

/**
 * What a task acts on and with what: the part a job, a chained event and a TriggerFlow event share. The
 * worker hands a task exactly these fields (`taskInputOf`), whichever of them it runs.
 */
export type TaskTarget = {
  taskType: string;
  pipelineId: string;
  entityIds: string[];
  groupIds: string[];
  withSnapshot: boolean;
  snapshotWriteMethod: SnapshotWriteMethod;
  /** The automation types' inputs (`@chronos/tasks` `TaskParamsSchema`); `{}` for the pipeline commands. */
  taskParams: Record<string, unknown>;
};

/** The task's inputs from a target (the names `@chronos/tasks`' `TaskJob` reads). */
export function taskInputOf(target: TaskTarget) {
  return {
    pipelineId: target.pipelineId,
    entityIds: target.entityIds,
    groupIds: target.groupIds,
    withSnapshot: target.withSnapshot,
    snapshotWriteMethod: target.snapshotWriteMethod,
    taskParams: target.taskParams,
  };
}

/** `sync`: the chain waits for this event (and, after a task CoreHub announces, for its webhook first). */
export const CHAIN_EXECUTION_MODES = ['async', 'sync'] as const;
export type ChainExecutionMode = (typeof CHAIN_EXECUTION_MODES)[number];

/** How long a sync event waits for CoreHub's webhook by default (reference §2.3). */
export const DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 3600;

/** A chained event as written by the API. */
export type ChainedEventInput = TaskTarget & {
  executionMode: ChainExecutionMode;
  webhookTimeoutSeconds: number;
};

export type ChainedEvent = ChainedEventInput & {
  id: number;
  parentJobId: number;
  /** 0-based order in the chain. */
  position: number;
  createdAt: Date;
  updatedAt: Date;
};

/**
 * A step's life: `pending` (created with the chain), `waiting` (for CoreHub's webhook), `running`, then
 * `succeeded`, `failed`, `timed_out` (no webhook in time) or `skipped` (an earlier sync step failed).
 */
export const CHAIN_STEP_STATUSES = [
  'pending',
  'waiting',
  'running',
  'succeeded',
  'failed',
  'timed_out',
  'skipped',
] as const;
export type ChainStepStatus = (typeof CHAIN_STEP_STATUSES)[number];
export const OPEN_CHAIN_STEP_STATUSES = [
  'pending',
  'waiting',
  'running',
] as const satisfies ChainStepStatus[];

/** One chained event run after one succeeded execution. `event` is the event as the chain started with it. */
export type ChainStep = {
  id: number;
  executionId: number;
  position: number;
  eventId: number;
  event: ChainedEventInput;
  /** The task before this event when the chain started (the parent's, or the previous event's). */
  precedingTaskType: string;
  /** A sync event after a task CoreHub announces: it waits for the webhook before it runs. */
  waitsForWebhook: boolean;
  status: ChainStepStatus;
  attempt: number;
  waitStartedAt: Date | null;
  webhookReceivedAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  steps: ExecutionStep[];
  /** When the chain started (the step was created). */
  createdAt: Date;
};

/**
 * True when a step that has not started should have a queue job: the first of a chain, one after an async
 * step that has begun, or one after a sync step that succeeded.
 */
export function isChainStepDue(step: Pick<ChainStep, 'position'>, previous: ChainStep | undefined): boolean {
  if (step.position === 0) return true;
  if (!previous) return false;
  return previous.event.executionMode === 'async'
    ? previous.status !== 'pending'
    : previous.status === 'succeeded';
}

/** The task type a chained event follows: the parent job's for the first, else the previous event's. */
export function precedingTaskType(
  parentTaskType: string,
  events: readonly { taskType: string }[],
  position: number,
): string {
  return position === 0 ? parentTaskType : (events[position - 1]?.taskType ?? parentTaskType);
}

/**
 * True when the event at `position` waits for CoreHub's webhook before it runs: a sync event after a task
 * CoreHub announces (reference §4.4).
 */
export function waitsForWebhook(
  parentTaskType: string,
  events: readonly { taskType: string; executionMode: ChainExecutionMode }[],
  position: number,
): boolean {
  const event = events[position];
  if (event?.executionMode !== 'sync') return false;
  return webhookEventsAfter(precedingTaskType(parentTaskType, events, position)).length > 0;
}

/** The job's error when a sync chained event fails or its webhook does not come (reference §4.4). */
export function chainFailureMessage(step: { position: number; event: { taskType: string } }): string {
  return `Chained event pos=${step.position} (${step.event.taskType}) failed or timed out`;
}
