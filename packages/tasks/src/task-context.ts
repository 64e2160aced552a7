import type { CoreHubPort, SnapshotWriteMethod } from '@chronos/corehub/contract';
import type { Logger } from '@chronos/logger';

/** The fields of a Chronos job a task reads (the domain model's names). */
export type TaskJob = {
  pipelineId: string;
  entityIds: readonly string[];
  groupIds: readonly string[];
  withSnapshot: boolean;
  snapshotWriteMethod: SnapshotWriteMethod;
};

/** The subset of a job the API checks before saving it (`validateTaskInput`). */
export type TaskInput = Pick<TaskJob, 'pipelineId' | 'entityIds' | 'groupIds'>;

/** Pauses and polling bounds, from config (`ENTITY_START_TIMEOUT`, `SETTLE_*`), in milliseconds. */
export type TaskTiming = {
  /** Pause between two per-entity (or per-group) commands of one task; none after the last. */
  entityPauseMs: number;
  /** Pause between two `entities-status` polls while waiting for entities to settle. */
  settlePollIntervalMs: number;
  /** How long to keep polling before giving up on settling. */
  settleTimeoutMs: number;
};

/** Everything one attempt of a task gets. The worker builds it; tasks never see BullMQ or the database. */
export type TaskContext = {
  job: TaskJob;
  /** The one port to CoreHub (`@chronos/corehub/contract`); the worker hands in one that records every call. */
  hub: CoreHubPort;
  logger: Logger;
  /** Aborts on the execution's timeout or on shutdown; every call and pause of the task honours it. */
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
  timing: TaskTiming;
  /** Resolves after `ms`, rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
};

/** What a successful task reports; it becomes the execution's message. */
export type TaskResult = { message: string };
