import { type SnapshotWriteMethod, SnapshotWriteMethodSchema } from '@chronos/corehub/contract';

/*
 * The job and execution model every package speaks: camelCase, Dates for instants (UTC), `string[]` for id
 * lists. The database maps its rows to these; the API maps them to its snake_case responses.
 */

export type { SnapshotWriteMethod };
/** How a snapshot writes rows: a CoreHub query value, so the contract declares it and the model repeats it. */
export const SNAPSHOT_WRITE_METHODS = SnapshotWriteMethodSchema.options;

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

/** `catchup`: a missed tick run late by the job's catch-up policy (its `missed` `schedule` row stays). */
export const EXECUTION_TRIGGERS = ['schedule', 'manual', 'catchup'] as const;
export type ExecutionTrigger = (typeof EXECUTION_TRIGGERS)[number];

/** `forbid`: a tick that finds the previous execution of its job still running is recorded `skipped`. */
export const CONCURRENCY_POLICIES = ['forbid', 'allow'] as const;
export type ConcurrencyPolicy = (typeof CONCURRENCY_POLICIES)[number];

/**
 * What runs late once missed ticks are found: `none` nothing, `latest` the most recent missed tick once,
 * `all` every missed tick, oldest first, one at a time — each only within `catchupWindowSeconds` of its time.
 */
export const CATCHUP_POLICIES = ['none', 'latest', 'all'] as const;
export type CatchupPolicy = (typeof CATCHUP_POLICIES)[number];

export type Job = {
  id: number;
  name: string;
  description: string | null;
  taskType: string;
  cronExpression: string;
  isCronExpression: boolean;
  /** The IANA zone the cron's wall times are read in. */
  timezoneName: string;
  /** True when the job had no explicit timezone: a change of the `timezone` setting reschedules it. */
  followsDefaultTimezone: boolean;
  pipelineId: string;
  entityIds: string[];
  groupIds: string[];
  withSnapshot: boolean;
  snapshotWriteMethod: SnapshotWriteMethod;
  /**
   * Inputs of the automation task types (agent, SQL, viz id…), an object; `{}` for the pipeline commands.
   * `@chronos/tasks` owns their schema and checks them per type.
   */
  taskParams: Record<string, unknown>;
  enabled: boolean;
  /** `gluesync_job_` + 8 hex; unique, generated on create, kept for compatibility with the reference. */
  cronJobIdentifier: string;
  concurrencyPolicy: ConcurrencyPolicy;
  misfireGraceSeconds: number;
  catchup: CatchupPolicy;
  /** How old a missed tick may be and still run late under `catchup`. */
  catchupWindowSeconds: number;
  maxAttempts: number;
  timeoutSeconds: number;
  /**
   * Starts at 1 and grows by one on every change of the definition (which also covers enable/disable). Run
   * bookkeeping leaves it alone, or the reconciler would rewrite every scheduler after every tick.
   */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** When the cadence last changed (created, cron, zone, enabled): no tick before it is reported missed. */
  scheduleChangedAt: Date;
  /**
   * How many chained events the job has, when the read counted them (`jobs.find`/`get`, in the same
   * statement): a worker that knows a job has none starts no chain without asking the database again.
   */
  chainedEventCount?: number;
  /** How many failure-notification webhooks the job has, when the read counted them (as above). */
  notificationCount?: number;
  lastRun: Date | null;
  lastSuccessfulRun: Date | null;
  lastErrorMessage: string | null;
  lastRunErrorTime: Date | null;
  nextRun: Date | null;
  lastStatus: ExecutionStatus | null;
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
