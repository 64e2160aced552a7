import type { CoreHubPort, SnapshotWriteMethod } from '@chronos/corehub/contract';
import type { Logger } from '@chronos/logger';
import type { TaskParams } from './task-params.js';

/** The fields of a Chronos job a task reads (the domain model's names). */
export type TaskJob = {
  /** The job's id: CoreHub's Visualize keys its schedules by it. Absent for a TriggerFlow's event (no schedule). */
  jobId?: number;
  /**
   * ai_agent_run: the run's correlation id. A TriggerFlow's AI run carries `chronos:{flow}:{event}:{cause}`
   * so that the platform event its completion sends is known as Chronos's own (the AI loop guard).
   */
  correlationId?: string;
  pipelineId: string;
  entityIds: readonly string[];
  groupIds: readonly string[];
  withSnapshot: boolean;
  snapshotWriteMethod: SnapshotWriteMethod;
  /** The automation types' inputs (`task-params.ts`); `{}` for the pipeline commands. */
  taskParams: TaskParams;
};

/** The subset of a job the API checks before saving it (`validateTaskInput`). */
export type TaskInput = Pick<TaskJob, 'pipelineId' | 'entityIds' | 'groupIds'> & { taskParams?: TaskParams };

/** How often, and for how long, a task polls CoreHub for a run it started. */
export type PollBound = { intervalMs: number; timeoutMs: number };

/** Pauses and polling bounds, from config (`ENTITY_START_TIMEOUT`, `SETTLE_*`), in milliseconds. */
export type TaskTiming = {
  /** Pause between two per-entity (or per-group) commands of one task; none after the last. */
  entityPauseMs: number;
  /** Pause between two `entities-status` polls while waiting for entities to settle. */
  settlePollIntervalMs: number;
  /** How long to keep polling before giving up on settling. */
  settleTimeoutMs: number;
  /** ai_agent_run: polling of the run (reference: every 1 s for 120 s). */
  aiRun: PollBound;
  /** entity_validate: polling of each comparison run (reference: every 2 s for 3600 s). */
  validation: PollBound;
  /** brain_reindex: polling of the brain job (reference: every 2 s for 3600 s). */
  brainReindex: PollBound;
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
