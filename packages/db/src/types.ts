/**
 * Domain types handed out by the repositories: camelCase, Dates for instants (UTC), `string[]` for id
 * lists. Prisma's generated types never leave this package.
 */

export const EXECUTION_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'timed_out',
  'skipped',
  'missed',
  'cancelled',
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** Statuses of an execution that has not finished yet. */
export const ACTIVE_EXECUTION_STATUSES = ['queued', 'running'] as const satisfies readonly ExecutionStatus[];

/** The statuses an execution ends in: once there, a later delivery of its tick is a no-op. */
export type FinalExecutionStatus = Exclude<ExecutionStatus, (typeof ACTIVE_EXECUTION_STATUSES)[number]>;

/** True once an execution can no longer change. */
export function isFinalStatus(status: ExecutionStatus): status is FinalExecutionStatus {
  return !(ACTIVE_EXECUTION_STATUSES as readonly ExecutionStatus[]).includes(status);
}

export const EXECUTION_TRIGGERS = ['schedule', 'manual'] as const;
export type ExecutionTrigger = (typeof EXECUTION_TRIGGERS)[number];

export type ConcurrencyPolicy = 'forbid' | 'allow';
export type SnapshotWriteMethod = 'UPSERT' | 'INSERT';

export type Job = {
  id: number;
  name: string;
  description: string | null;
  taskType: string;
  cronExpression: string;
  isCronExpression: boolean;
  timezoneName: string;
  /** True when the job had no explicit timezone: a change of the `timezone` setting reschedules it. */
  followsDefaultTimezone: boolean;
  pipelineId: string;
  entityIds: string[];
  groupIds: string[];
  withSnapshot: boolean;
  snapshotWriteMethod: SnapshotWriteMethod;
  enabled: boolean;
  /** `gluesync_job_` + 8 hex; unique, generated on create, kept for compatibility with the reference. */
  cronJobIdentifier: string;
  concurrencyPolicy: ConcurrencyPolicy;
  misfireGraceSeconds: number;
  maxAttempts: number;
  timeoutSeconds: number;
  /**
   * Starts at 1 and grows by one on every change of the definition (`jobs.update`, which also covers
   * enable/disable). Run bookkeeping (`recordRun`, `setNextRun`) leaves it alone, or the reconciler would
   * rewrite every scheduler after every tick.
   */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  lastRun: Date | null;
  lastSuccessfulRun: Date | null;
  lastErrorMessage: string | null;
  lastRunErrorTime: Date | null;
  nextRun: Date | null;
  lastStatus: ExecutionStatus | null;
};

/** Fields a caller sets on create; the rest have the documented defaults. */
export type CreateJobInput = {
  name: string;
  description?: string | null;
  taskType: string;
  cronExpression: string;
  isCronExpression?: boolean;
  timezoneName: string;
  followsDefaultTimezone?: boolean;
  pipelineId?: string;
  entityIds?: string[];
  groupIds?: string[];
  withSnapshot?: boolean;
  snapshotWriteMethod?: SnapshotWriteMethod;
  enabled?: boolean;
  concurrencyPolicy?: ConcurrencyPolicy;
  misfireGraceSeconds?: number;
  maxAttempts?: number;
  timeoutSeconds?: number;
  nextRun?: Date | null;
};

/** A partial update: only the given fields change. */
export type UpdateJobPatch = Partial<CreateJobInput>;

/** What the reconciler needs to compare the database with Redis. */
export type JobScheduleSummary = Pick<
  Job,
  'id' | 'version' | 'enabled' | 'cronExpression' | 'timezoneName' | 'followsDefaultTimezone'
>;

export type RecordRunInput = {
  lastRun: Date;
  lastStatus: ExecutionStatus;
  lastSuccessfulRun?: Date | null;
  lastErrorMessage?: string | null;
  lastRunErrorTime?: Date | null;
  nextRun: Date | null;
};

/** One CoreHub call made by an execution, in call order. Field names are the stored (snake_case) ones. */
export type ExecutionStep = {
  method: string;
  path: string;
  status: number | null;
  duration_ms: number;
  message: string | null;
  /** ISO 8601 instant the call was made. */
  at: string;
};

export type Execution = {
  id: number;
  jobId: number;
  trigger: ExecutionTrigger;
  scheduledFor: Date;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  status: ExecutionStatus;
  attempt: number;
  workerId: string | null;
  error: string | null;
  steps: ExecutionStep[];
};

export type CreateExecutionInput = {
  jobId: number;
  trigger: ExecutionTrigger;
  scheduledFor: Date;
  status: ExecutionStatus;
  attempt?: number;
  queuedAt?: Date;
  workerId?: string | null;
};

export type UpdateExecutionPatch = Partial<
  Pick<Execution, 'status' | 'startedAt' | 'finishedAt' | 'attempt' | 'workerId' | 'error' | 'steps'>
>;

export type Setting = {
  id: number;
  key: string;
  value: string | null;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** A page of a list: `total` counts every match, not only this page. */
export type Page<T> = { items: T[]; total: number };

export type PageOptions = { skip?: number; limit?: number };
