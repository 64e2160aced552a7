import type {
  CatchupPolicy,
  ChainExecutionMode,
  ConcurrencyPolicy,
  Execution,
  ExecutionStatus,
  ExecutionStep,
  ExecutionTrigger,
  FlowExecutionLog,
  FlowFailureDetail,
  FlowLogStatus,
  FlowPlanStep,
  FlowRouting,
  FlowSource,
  Job,
  SnapshotWriteMethod,
  TaskTarget,
  TriggerFlow,
} from '@chronos/jobs';
import type {
  Execution as ExecutionRow,
  Job as JobRow,
  Setting as SettingRow,
  TriggerFlowEvent as TriggerFlowEventRow,
  TriggerFlowExecutionLog as TriggerFlowExecutionLogRow,
  TriggerFlow as TriggerFlowRow,
} from '../generated/postgresql/client.js';
import type { PageOptions, Setting } from '../types.js';

export const DEFAULT_PAGE_LIMIT = 100;

/** Normalises paging: skip ≥ 0, limit ≥ 1 (callers validate user input; this only guards the query). */
export function toPaging(options: PageOptions): { skip: number; take: number } {
  return {
    skip: Math.max(0, Math.floor(options.skip ?? 0)),
    take: Math.max(1, Math.floor(options.limit ?? DEFAULT_PAGE_LIMIT)),
  };
}

/** A stored JSON object; anything else (null in rows older than the column) becomes `{}`. */
export function toObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A stored JSON list as `string[]`; anything else (null, legacy text) becomes an empty list. */
export function toStringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => String(item)) : [];
}

/** The columns a job, a chained event and a flow event share: what their task acts on. */
type TaskTargetColumns = Pick<
  JobRow,
  'taskType' | 'pipelineId' | 'entityIds' | 'groupIds' | 'withSnapshot' | 'snapshotWriteMethod' | 'taskParams'
>;

export function toTaskTarget(row: TaskTargetColumns): TaskTarget {
  return {
    taskType: row.taskType,
    pipelineId: row.pipelineId,
    entityIds: toStringList(row.entityIds),
    groupIds: toStringList(row.groupIds),
    withSnapshot: row.withSnapshot,
    snapshotWriteMethod: row.snapshotWriteMethod as SnapshotWriteMethod,
    taskParams: toObject(row.taskParams),
  };
}

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    ...toTaskTarget(row),
    cronExpression: row.cronExpression,
    isCronExpression: row.isCronExpression,
    timezoneName: row.timezoneName,
    followsDefaultTimezone: row.followsDefaultTimezone,
    enabled: row.enabled,
    cronJobIdentifier: row.cronJobIdentifier,
    concurrencyPolicy: row.concurrencyPolicy as ConcurrencyPolicy,
    misfireGraceSeconds: row.misfireGraceSeconds,
    catchup: row.catchup as CatchupPolicy,
    catchupWindowSeconds: row.catchupWindowSeconds,
    maxAttempts: row.maxAttempts,
    timeoutSeconds: row.timeoutSeconds,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    scheduleChangedAt: row.scheduleChangedAt,
    lastRun: row.lastRun,
    lastSuccessfulRun: row.lastSuccessfulRun,
    lastErrorMessage: row.lastErrorMessage,
    lastRunErrorTime: row.lastRunErrorTime,
    nextRun: row.nextRun,
    lastStatus: row.lastStatus as ExecutionStatus | null,
  };
}

export function toExecution(row: ExecutionRow): Execution {
  return {
    id: row.id,
    jobId: row.jobId,
    trigger: row.trigger as ExecutionTrigger,
    scheduledFor: row.scheduledFor,
    queuedAt: row.queuedAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    status: row.status as ExecutionStatus,
    attempt: row.attempt,
    workerId: row.workerId,
    error: row.error,
    steps: Array.isArray(row.steps) ? (row.steps as unknown as ExecutionStep[]) : [],
  };
}

export function toTriggerFlow(row: TriggerFlowRow & { events: TriggerFlowEventRow[] }): TriggerFlow {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    enabled: row.enabled,
    platformEvent: row.platformEvent,
    routing: row.routing as FlowRouting | null,
    lastTriggered: row.lastTriggered,
    lastSuccessfulTrigger: row.lastSuccessfulTrigger,
    lastErrorMessage: row.lastErrorMessage,
    lastTriggerErrorTime: row.lastTriggerErrorTime,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    events: [...row.events]
      .sort((a, b) => a.position - b.position)
      .map((event) => ({
        id: event.id,
        triggerFlowId: event.triggerFlowId,
        position: event.position,
        ...toTaskTarget(event),
        executionMode: event.executionMode as ChainExecutionMode,
        allowAiRunLoop: event.allowAiRunLoop,
      })),
  };
}

export function toFlowExecutionLog(row: TriggerFlowExecutionLogRow): FlowExecutionLog {
  const detail = toObject(row.detail);
  return {
    id: row.id,
    triggerFlowId: row.triggerFlowId,
    status: row.status as FlowLogStatus,
    source: row.source as FlowSource,
    errorMessage: row.errorMessage,
    durationMs: row.durationMs,
    plan: Array.isArray(row.plan) ? (row.plan as unknown as FlowPlanStep[]) : [],
    eventsDone: row.eventsDone,
    attempt: row.attempt,
    detail: Object.keys(detail).length > 0 ? (detail as FlowFailureDetail) : null,
    triggeredAt: row.triggeredAt,
    finishedAt: row.finishedAt,
  };
}

export function toSetting(row: SettingRow): Setting {
  return {
    id: row.id,
    key: row.key,
    value: row.value,
    description: row.description,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Copies only the keys whose value is not `undefined`: a patch changes exactly what it names. */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
