import { UpstreamError } from '@chronos/errors';
import { type Job, type SchedulerSpec, type SchedulerState, schedulerSpecOf } from '@chronos/jobs';
import { nextFireMillis } from '@chronos/schedule';
import { Queue, Worker, type WorkerOptions } from 'bullmq';
import type {
  ChainStepPayload,
  FlowEventPayload,
  FlowFirePayload,
  RunNowPayload,
  ScheduleFirePayload,
} from './catalog.js';
import {
  catchupQueueJobId,
  chainStepQueueJobId,
  flowEventQueueJobId,
  flowFireQueueJobId,
  JOB_NAMES,
  jobIdFromSchedulerId,
  QUEUE_NAMES,
  runNowQueueJobId,
  schedulerIdFor,
} from './queue-ids.js';
import type { RedisConnection } from './redis-connection.js';

export type RunsQueue = Queue<
  ScheduleFirePayload | RunNowPayload | FlowFirePayload | FlowEventPayload | ChainStepPayload
>;

/**
 * Chronos's own next-fire computation (DESIGN.md §4 DST policy) as BullMQ's repeat strategy. The queue uses
 * it when a scheduler is written (the first tick), the worker when a tick starts (the next one): both must
 * agree, so both take it from here.
 */
const RUNS_QUEUE_SETTINGS = { repeatStrategy: nextFireMillis };

export function createRunsQueue(options: { connection: RedisConnection; prefix: string }): RunsQueue {
  return new Queue(QUEUE_NAMES.runs, {
    connection: options.connection,
    prefix: options.prefix,
    settings: RUNS_QUEUE_SETTINGS,
  });
}

/** A BullMQ Worker on the runs queue; `options` are the caller's (connection, prefix, locks, concurrency). */
export function createRunsWorker(
  processor: ConstructorParameters<typeof Worker>[1],
  options: Omit<WorkerOptions, 'settings'> & { prefix: string },
): Worker {
  return new Worker(QUEUE_NAMES.runs, processor, { ...options, settings: RUNS_QUEUE_SETTINGS });
}

/**
 * How long a queue operation may wait for Redis. BullMQ waits for the connection to become ready without a
 * bound, so without this an API write would hang for as long as Redis is down.
 */
export const REDIS_OPERATION_TIMEOUT_MS = 2000;

/**
 * How long the reconciler's one read of every scheduler may take. It grows with the install: 100,000
 * schedulers took about 2 s on the project's 2-core machine, so the single-operation bound above failed every
 * full pass of a large install ("redis unavailable"). A background pass can wait; a down Redis still ends it.
 */
export const REDIS_BULK_READ_TIMEOUT_MS = 60_000;

function wrapRedisError(action: string, error: unknown): never {
  throw new UpstreamError(`redis unavailable while ${action}`, {
    code: 'REDIS_UNAVAILABLE',
    detail: 'Redis is unavailable',
    cause: error,
  });
}

async function withRedisTimeout<T>(
  action: string,
  operation: Promise<T>,
  timeoutMs = REDIS_OPERATION_TIMEOUT_MS,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from redis in ${timeoutMs} ms`)), timeoutMs);
  });
  // The abandoned operation may still reject later; that outcome is already reported through the timeout.
  operation.catch(() => {});
  try {
    return await Promise.race([operation, timeout]);
  } catch (error) {
    return wrapRedisError(action, error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Creates or replaces the BullMQ job scheduler of a job. The scheduler id is derived from the job id and
 * the pattern/tz are always passed explicitly (BullMQ's tz defaults to the server's zone otherwise).
 */
export async function upsertJobSchedule(queue: RunsQueue, spec: SchedulerSpec): Promise<void> {
  const data: ScheduleFirePayload = { v: 1, jobId: spec.jobId, version: spec.version };
  await withRedisTimeout(
    'writing a job scheduler',
    queue.upsertJobScheduler(
      schedulerIdFor(spec.jobId),
      { pattern: spec.pattern, tz: spec.tz },
      { name: JOB_NAMES.scheduleFire, data, opts: { removeOnComplete: 1000, removeOnFail: 5000 } },
    ),
  );
}

/** Makes Redis hold the scheduler the job's row asks for: its spec when enabled, none when disabled. */
export async function syncJobSchedule(
  queue: RunsQueue,
  job: Pick<Job, 'id' | 'enabled' | 'cronExpression' | 'timezoneName' | 'version'>,
): Promise<void> {
  const spec = schedulerSpecOf(job);
  if (spec) await upsertJobSchedule(queue, spec);
  else await removeJobSchedule(queue, job.id);
}

/** Removes a job's scheduler and its pending tick; a no-op when there is none. */
export async function removeJobSchedule(queue: RunsQueue, jobId: number): Promise<void> {
  await withRedisTimeout('removing a job scheduler', queue.removeJobScheduler(schedulerIdFor(jobId)));
}

/**
 * Every scheduler Redis holds: Chronos's own (by job id) and foreign ones (by scheduler id). One read: the
 * schedulers are sorted by next fire time, and each tick that starts moves its scheduler to the end, so
 * reading in pages while ticks fire skips entries (the reconciler then took them for missing and rewrote them,
 * which deletes a due tick: the bench lost 1,031 of 10,000 ticks in a burst that way).
 */
export async function listJobSchedules(
  queue: RunsQueue,
): Promise<{ owned: SchedulerState[]; foreign: string[] }> {
  const owned: SchedulerState[] = [];
  const foreign: string[] = [];
  const all = await withRedisTimeout(
    'listing job schedulers',
    queue.getJobSchedulers(0, -1, true),
    REDIS_BULK_READ_TIMEOUT_MS,
  );
  for (const scheduler of all) owned.push(...toSchedulerState(scheduler, foreign));
  return { owned, foreign };
}

/** The state of one Chronos scheduler, re-read by id (undefined when Redis has none). */
export async function findJobSchedule(queue: RunsQueue, jobId: number): Promise<SchedulerState | undefined> {
  const scheduler = await withRedisTimeout(
    'reading a job scheduler',
    queue.getJobScheduler(schedulerIdFor(jobId)),
  );
  return scheduler ? toSchedulerState({ ...scheduler, key: schedulerIdFor(jobId) }, [])[0] : undefined;
}

function toSchedulerState(
  scheduler: { key: string; pattern?: string | null; tz?: string | null; template?: { data?: unknown } },
  foreign: string[],
): SchedulerState[] {
  const jobId = jobIdFromSchedulerId(scheduler.key);
  if (jobId === undefined) {
    foreign.push(scheduler.key);
    return [];
  }
  const data = scheduler.template?.data as Partial<ScheduleFirePayload> | undefined;
  return [{ jobId, pattern: scheduler.pattern ?? '', tz: scheduler.tz ?? '', version: data?.version }];
}

/** Queues a run-now; the BullMQ job id is derived from the execution id, so a retry of the request is idempotent. */
/** Queues a catch-up run of an execution the gap detector created (`catchup-<executionId>`, idempotent). */
export async function enqueueCatchup(queue: RunsQueue, payload: Omit<RunNowPayload, 'v'>): Promise<void> {
  await withRedisTimeout(
    'queueing a catch-up run',
    queue.add(
      JOB_NAMES.catchup,
      { v: 1, ...payload },
      { jobId: catchupQueueJobId(payload.executionId), removeOnComplete: 1000, removeOnFail: 5000 },
    ),
  );
}

export async function enqueueRunNow(queue: RunsQueue, payload: Omit<RunNowPayload, 'v'>): Promise<void> {
  await withRedisTimeout(
    'queueing a run',
    queue.add(
      JOB_NAMES.runNow,
      { v: 1, ...payload },
      { jobId: runNowQueueJobId(payload.executionId), removeOnComplete: 1000, removeOnFail: 5000 },
    ),
  );
}

/**
 * Queues a flow's fire (`flow-<logId>`, idempotent). TriggerFlows share the runs queue: the same worker
 * fleet, stall recovery, concurrency bound and drain on shutdown serve them, with no second BullMQ Worker.
 */
export async function enqueueFlowFire(queue: RunsQueue, payload: Omit<FlowFirePayload, 'v'>): Promise<void> {
  await withRedisTimeout(
    'queueing a flow',
    queue.add(
      JOB_NAMES.flowFire,
      { v: 1, ...payload },
      { jobId: flowFireQueueJobId(payload.logId), removeOnComplete: 1000, removeOnFail: 5000 },
    ),
  );
}

/** Queues an async event of a fire (`flow-<logId>-event-<index>`, idempotent). */
export async function enqueueFlowEvent(
  queue: RunsQueue,
  payload: Omit<FlowEventPayload, 'v'>,
): Promise<void> {
  await withRedisTimeout(
    'queueing a flow event',
    queue.add(
      JOB_NAMES.flowEvent,
      { v: 1, ...payload },
      {
        jobId: flowEventQueueJobId(payload.logId, payload.index),
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    ),
  );
}

/** Queues one chain step (`chain-<executionId>-<position>`): queueing it again while it exists is a no-op. */
export async function enqueueChainStep(
  queue: RunsQueue,
  payload: Omit<ChainStepPayload, 'v'>,
): Promise<void> {
  await withRedisTimeout(
    'queueing a chain step',
    queue.add(
      JOB_NAMES.chainStep,
      { v: 1, ...payload },
      {
        jobId: chainStepQueueJobId(payload.executionId, payload.position),
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    ),
  );
}

/**
 * Wakes a chain step that sleeps (delayed) while it waits for CoreHub's webhook, so it looks at the
 * database now. `running`: it is being processed (it reads the database before it sleeps again, but may
 * have read it just before the arrival: the caller may try again); `absent`: not queued (yet, or any more).
 */
export async function wakeChainStep(
  queue: RunsQueue,
  executionId: number,
  position: number,
): Promise<'woken' | 'running' | 'absent'> {
  return withRedisTimeout(
    'waking a chain step',
    (async () => {
      const job = await queue.getJob(chainStepQueueJobId(executionId, position));
      if (!job) return 'absent';
      const state = await job.getState();
      if (state === 'active' || state === 'waiting') return 'running';
      if (state !== 'delayed') return 'absent';
      try {
        await job.promote();
        return 'woken';
      } catch {
        // It left the delayed set between the two calls: it is being processed.
        return 'running';
      }
    })(),
  );
}

const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/** True while the queue still carries the job (waiting, delayed, running…): its processor will judge it. */
export async function isQueueJobLive(queue: RunsQueue, queueJobId: string): Promise<boolean> {
  return LIVE_STATES.has(await queue.getJobState(queueJobId));
}
