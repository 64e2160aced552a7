import type {
  CatchupPolicy,
  ChainExecutionMode,
  ChainedEventInput,
  ConcurrencyPolicy,
  Execution,
  ExecutionStatus,
  ExecutionTrigger,
  FlowRouting,
  Job,
  SnapshotWriteMethod,
  TaskTarget,
} from '@chronos/jobs';

/**
 * What the repositories take besides the domain model of `@chronos/jobs` (which they hand out): inputs,
 * patches and pages. Prisma's generated types never leave this package.
 */

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
  taskParams?: Record<string, unknown>;
  enabled?: boolean;
  concurrencyPolicy?: ConcurrencyPolicy;
  misfireGraceSeconds?: number;
  catchup?: CatchupPolicy;
  catchupWindowSeconds?: number;
  maxAttempts?: number;
  timeoutSeconds?: number;
  nextRun?: Date | null;
  /** The job's chained events in order (written with the job, in the same statement); update replaces all. */
  chainedEvents?: ChainedEventInput[];
};

/** A partial update: only the given fields change. */
export type UpdateJobPatch = Partial<CreateJobInput>;

/** What the reconciler needs to compare the database with Redis. */
export type JobScheduleSummary = Pick<
  Job,
  'id' | 'version' | 'enabled' | 'cronExpression' | 'timezoneName' | 'followsDefaultTimezone'
>;

/** What monitoring shows of an enabled job: when it last ran, last succeeded and fires next. */
export type JobRunTimes = Pick<Job, 'id' | 'name' | 'lastRun' | 'lastSuccessfulRun' | 'nextRun'>;

export type RecordRunInput = {
  lastRun: Date;
  lastStatus: ExecutionStatus;
  lastSuccessfulRun?: Date | null;
  lastErrorMessage?: string | null;
  lastRunErrorTime?: Date | null;
  nextRun: Date | null;
};

export type CreateExecutionInput = {
  jobId: number;
  trigger: ExecutionTrigger;
  scheduledFor: Date;
  status: ExecutionStatus;
  attempt?: number;
  queuedAt?: Date;
  workerId?: string | null;
  /** Set when the row is created already `running` (a tick that starts at once). */
  startedAt?: Date | null;
  /** Set when the row is created already final (a tick the gap detector records `missed`). */
  finishedAt?: Date | null;
  error?: string | null;
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

/** A browser session as stored: `id` is the SHA-256 (hex) of the cookie's token, never the token. */
export type StoredSession = {
  id: string;
  username: string;
  role: string;
  source: string;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
};

/** A page of a list: `total` counts every match, not only this page. */
export type Page<T> = { items: T[]; total: number };

export type PageOptions = { skip?: number; limit?: number };

/** An event of a flow as written: its position is its place in the list. */
export type TriggerFlowEventInput = TaskTarget & {
  executionMode: ChainExecutionMode;
  allowAiRunLoop: boolean;
};

export type CreateTriggerFlowInput = {
  name: string;
  description: string | null;
  enabled: boolean;
  platformEvent: string | null;
  routing: FlowRouting | null;
  /** The hex SHA-256 of the secret token (the token itself is never stored). */
  secretTokenHash: string;
  events: TriggerFlowEventInput[];
};

/** A partial update; `events`, when given, replaces every event. */
export type UpdateTriggerFlowPatch = Partial<Omit<CreateTriggerFlowInput, 'secretTokenHash'>>;
