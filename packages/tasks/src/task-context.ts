import type { Logger } from '@chronos/logger';

/*
 * The port through which a task sees CoreHub. Structurally identical to `@chronos/corehub`'s client
 * (`CoreHubRequest`/`CoreHubResponse`/`send`) on purpose: tasks never import it, so they can be tested with a
 * scripted hub and the worker can hand them a hub that records every call as an execution step.
 */

/** One CoreHub REST call. */
export type CoreHubRequest = {
  method: 'GET' | 'POST' | 'PUT';
  /** Starts with `/`; ids in it are URL-escaped by the task. */
  path: string;
  /** Left to the transport to encode; tasks send booleans as the strings `true`/`false` (CoreHub's form). */
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  timeoutMs?: number;
};

/** A successful CoreHub answer: `body` is parsed JSON, else the text. */
export type CoreHubResponse = { status: number; body: unknown; text: string; durationMs: number };

/**
 * What a task may do with CoreHub. `send` resolves for 2xx only and throws otherwise; the error carries
 * `.status`, `.retryable` and `.hubMessage` and tasks let it propagate so the worker can classify it.
 */
export type TaskHub = { send(req: CoreHubRequest): Promise<CoreHubResponse> };

export type SnapshotWriteMethod = 'UPSERT' | 'INSERT';

/** The fields of a Chronos job a task reads (camelCase views of the API's snake_case fields). */
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
  hub: TaskHub;
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
