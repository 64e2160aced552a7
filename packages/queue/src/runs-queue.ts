import { UpstreamError } from '@chronos/errors';
import { nextFireMillis } from '@chronos/schedule';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunNowPayload, ScheduleFirePayload } from './catalog.js';
import { JOB_NAMES, jobIdFromSchedulerId, QUEUE_NAMES, schedulerIdFor } from './queue-names.js';

export type RunsQueue = Queue<ScheduleFirePayload | RunNowPayload>;

export type ScheduledJob = { id: number; cronExpression: string; timezone: string; version: number };

/** What Redis holds for one Chronos job scheduler. */
export type SchedulerState = { jobId: number; pattern: string; tz: string; version: number | undefined };

/**
 * The runs queue. Its repeat strategy is Chronos's own next-fire computation (DESIGN.md §4 DST policy), so
 * the first tick BullMQ stores when a scheduler is written agrees with the ticks the workers compute later.
 */
export function createRunsQueue(options: { connection: Redis; prefix: string }): RunsQueue {
  return new Queue(QUEUE_NAMES.runs, {
    connection: options.connection,
    prefix: options.prefix,
    settings: { repeatStrategy: nextFireMillis },
  });
}

/**
 * How long a queue operation may wait for Redis. BullMQ waits for the connection to become ready without a
 * bound, so without this an API write would hang for as long as Redis is down.
 */
export const REDIS_OPERATION_TIMEOUT_MS = 2000;

function wrapRedisError(action: string, error: unknown): never {
  throw new UpstreamError(`redis unavailable while ${action}`, {
    code: 'REDIS_UNAVAILABLE',
    detail: 'Redis is unavailable',
    cause: error,
  });
}

async function withRedisTimeout<T>(action: string, operation: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer from redis in ${REDIS_OPERATION_TIMEOUT_MS} ms`)),
      REDIS_OPERATION_TIMEOUT_MS,
    );
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
export async function upsertJobSchedule(queue: RunsQueue, job: ScheduledJob): Promise<void> {
  const data: ScheduleFirePayload = { v: 1, jobId: job.id, version: job.version };
  await withRedisTimeout(
    'writing a job scheduler',
    queue.upsertJobScheduler(
      schedulerIdFor(job.id),
      { pattern: job.cronExpression, tz: job.timezone },
      { name: JOB_NAMES.scheduleFire, data, opts: { removeOnComplete: 1000, removeOnFail: 5000 } },
    ),
  );
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
  const all = await withRedisTimeout('listing job schedulers', queue.getJobSchedulers(0, -1, true));
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
export async function enqueueRunNow(queue: RunsQueue, payload: Omit<RunNowPayload, 'v'>): Promise<void> {
  await withRedisTimeout(
    'queueing a run',
    queue.add(
      JOB_NAMES.runNow,
      { v: 1, ...payload },
      { jobId: `run-${payload.executionId}`, removeOnComplete: 1000, removeOnFail: 5000 },
    ),
  );
}
