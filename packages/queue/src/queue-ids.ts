/**
 * Every name and id Chronos gives things on the runs queue. NEVER rename one once deployed: jobs already in
 * Redis carry these names, and a renamed queue is a new, empty queue (schedules and in-flight runs would be
 * orphaned).
 */
export const QUEUE_NAMES = {
  /** Every execution: scheduler ticks and run-now requests. */
  runs: 'chronos-runs',
  /** Failure notifications: planning which webhooks an execution's end calls, and each delivery. */
  notifications: 'chronos-notifications',
} as const;

export const JOB_NAMES = {
  /** A tick produced by a BullMQ job scheduler. */
  scheduleFire: 'schedule.fire',
  /** A run-now request from the API. */
  runNow: 'job.run-now',
  /** A missed tick run late by the job's catch-up policy (same payload as a run-now). */
  catchup: 'job.catchup',
  /** One fire of a TriggerFlow: its events in order, from the execution log row the API created. */
  flowFire: 'flow.fire',
  /** An async event of a fired flow, run on its own (the flow does not wait for it). */
  flowEvent: 'flow.event',
  /** An execution ended: which of its job's notifications it raises (notifications queue). */
  notificationPlan: 'notification.plan',
  /** One notification of one execution event, retried with backoff (notifications queue). */
  notificationDeliver: 'notification.deliver',
  /** One chained event after a succeeded execution (its wait for CoreHub's webhook, then its task). */
  chainStep: 'chain.step',
} as const;

/** The plan of an execution's notifications: one per execution, so announcing its end twice plans once. */
export function notificationPlanQueueJobId(executionId: number): string {
  return `notify-${executionId}`;
}

/** One delivery: one per (notification, execution, event), whoever plans it and however often. */
export function notificationDeliveryQueueJobId(
  notificationId: number,
  executionId: number,
  event: string,
): string {
  return `deliver-${notificationId}-${executionId}-${event}`;
}

/** The BullMQ job scheduler id of a Chronos job: derived from the job id, so an upsert never duplicates. */
export function schedulerIdFor(jobId: number): string {
  return `job-${jobId}`;
}

/** The inverse of `schedulerIdFor`; undefined for schedulers Chronos does not own. */
export function jobIdFromSchedulerId(schedulerId: string): number | undefined {
  const match = /^job-(\d+)$/.exec(schedulerId);
  return match?.[1] ? Number(match[1]) : undefined;
}

/** The queue job of a run-now: derived from its execution id, so queueing it again is idempotent. */
export function runNowQueueJobId(executionId: number): string {
  return `run-${executionId}`;
}

/** The queue job of a catch-up run: derived from its execution id, so queueing it again is idempotent. */
export function catchupQueueJobId(executionId: number): string {
  return `catchup-${executionId}`;
}

/** The queue job of a flow's fire: derived from its execution log id, so queueing it again is idempotent. */
export function flowFireQueueJobId(logId: number): string {
  return `flow-${logId}`;
}

/** The queue job of an async event of a fire: one per (log, position), so a redelivered flow queues it once. */
export function flowEventQueueJobId(logId: number, position: number): string {
  return `flow-${logId}-event-${position}`;
}

/**
 * The queue job of one chain step: derived from the execution and the event's position, so the worker
 * that finishes a step and a redelivery that repeats it queue the next one once, and the api that receives
 * CoreHub's webhook can find the waiting step to wake it.
 */
export function chainStepQueueJobId(executionId: number, position: number): string {
  return `chain-${executionId}-${position}`;
}

/*
 * BullMQ 5 names every job a job scheduler produces `repeat:<schedulerId>:<dueMillis>` (JobScheduler
 * `getSchedulerNextJobId`) and stores the same due instant as `opts.prevMillis`. The id is deterministic:
 * it is the first half of Chronos's "one tick = one execution" guarantee (the unique execution key in the
 * database is the second).
 */
const TICK_ID = /^repeat:.+:(\d+)$/;

/** The queue job BullMQ creates for the tick of job `jobId` due at `dueMillis`. */
export function tickQueueJobId(jobId: number, dueMillis: number): string {
  return `repeat:${schedulerIdFor(jobId)}:${dueMillis}`;
}

export type TickJobFields = { id?: string | undefined; opts: { prevMillis?: number | undefined } };

/**
 * The due instant (epoch millis) of a scheduler tick, or undefined when the job is not one. Read from the id
 * first, then from `prevMillis`, so a job whose id format changes in a later BullMQ still resolves.
 */
export function tickDueMillis(job: TickJobFields): number | undefined {
  const match = job.id ? TICK_ID.exec(job.id) : null;
  if (match?.[1]) return Number(match[1]);
  const prev = job.opts.prevMillis;
  return typeof prev === 'number' && Number.isFinite(prev) && prev > 0 ? prev : undefined;
}

/**
 * The queue job that carries an execution: `run-<id>` for a run-now, `catchup-<id>` for a catch-up run,
 * the tick's id for a schedule.
 */
export function queueJobIdOf(execution: {
  id: number;
  jobId: number;
  trigger: 'schedule' | 'manual' | 'catchup';
  scheduledFor: Date;
}): string {
  if (execution.trigger === 'manual') return runNowQueueJobId(execution.id);
  if (execution.trigger === 'catchup') return catchupQueueJobId(execution.id);
  return tickQueueJobId(execution.jobId, execution.scheduledFor.getTime());
}
