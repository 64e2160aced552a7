import { firesOnSchedule, isFinalStatus, type Job, MISSED_REASONS } from '@chronos/jobs';
import type { Logger } from '@chronos/logger';
import {
  type RunsQueue,
  readPendingOutcome,
  removeJobSchedule,
  ScheduleFirePayloadSchema,
  syncJobSchedule,
  tickDueMillis,
} from '@chronos/queue';
import { canonicalFireTime } from '@chronos/schedule';
import { type Job as BullJob, UnrecoverableError } from 'bullmq';
import type { ProcessOutcome } from '../execution/bullmq-outcome.js';
import {
  cancelExecution,
  chainHint,
  type ExecutionServices,
  runExecution,
} from '../execution/execution-runner.js';
import { finishExecution } from '../execution/finish-execution.js';

export type FireScheduleServices = ExecutionServices & { queue: RunsQueue };

/*
 * Exactly-once and misfire policy of a scheduler tick (DESIGN.md §4).
 *
 * - The tick's instant is BullMQ's due instant, passed through `canonicalFireTime` (DST: the second pass of a
 *   repeated hour maps to null → nothing recorded, nothing run). That instant is `scheduled_for`, and
 *   (job_id, 'schedule', scheduled_for) is unique: the first delivery creates the row, any other delivery
 *   finds it.
 * - A delivery that finds the row final does nothing. A delivery of a *different* BullMQ job that finds the
 *   row still open does nothing either (another worker owns it). Only a redelivery of the same BullMQ job
 *   (stalled after a worker died, handed back at shutdown, or a retry) continues the row, as attempt + 1.
 * - Misfire: a tick that would start (first delivery, or a redelivery that never got to start it) more than
 *   `misfire_grace_seconds` after its due instant is recorded `missed` and not run. BullMQ keeps one pending tick per scheduler and computes the next one from the
 *   moment a tick starts, so ticks missed while no worker ran are dropped except the one that runs late;
 *   this is where that one is judged.
 * - A tick for a disabled or deleted job runs nothing and removes the stale scheduler; a tick of a pattern or
 *   zone the job no longer has runs nothing and rewrites the scheduler from the database. When such a tick
 *   is a redelivery, the row its first delivery opened is closed `cancelled` with the reason.
 */
export async function processScheduleFire(
  services: FireScheduleServices,
  bullJob: BullJob,
  cancelSignal: AbortSignal | undefined,
): Promise<ProcessOutcome> {
  const payload = ScheduleFirePayloadSchema.safeParse(bullJob.data);
  if (!payload.success)
    throw new UnrecoverableError(`invalid schedule.fire payload: ${payload.error.message}`);
  const dueMillis = tickDueMillis(bullJob);
  if (dueMillis === undefined) throw new UnrecoverableError(`job ${bullJob.id} is not a scheduler tick`);
  const { jobId } = payload.data;
  const logger = services.logger.child({ jobId, queueJobId: bullJob.id });

  const job = await services.db.jobs.find(jobId);
  // A stalled, handed-back or retried tick: its first delivery may have opened the row this one continues.
  const isRedelivery = bullJob.attemptsStarted > 1 || bullJob.stalledCounter > 0;
  // A deleted job's rows went with it (cascade): nothing is left open.
  if (!job?.enabled) {
    await removeJobSchedule(services.queue, jobId).catch((error: unknown) => {
      // The reconciler removes it on its next pass.
      logger.warn({ err: error }, 'stale scheduler not removed');
    });
    logger.info({ reason: job ? 'disabled' : 'deleted' }, 'tick ignored');
    if (job && isRedelivery) {
      return cancelOpenTick(
        services,
        job,
        dueMillis,
        'the job was disabled while this execution was being recovered; it was not run again',
        logger,
      );
    }
    return { kind: 'done', executionId: null, status: 'ignored' };
  }
  const repeat = bullJob.opts.repeat;
  // A tick always carries its scheduler's cadence; one without (never seen from BullMQ 5) is taken as current.
  if (repeat?.pattern && !firesOnSchedule({ pattern: repeat.pattern, tz: repeat.tz ?? '' }, job)) {
    await syncJobSchedule(services.queue, job).catch((error: unknown) =>
      logger.warn({ err: error }, 'outdated scheduler not rewritten'),
    );
    logger.info({ pattern: bullJob.opts.repeat?.pattern }, 'tick of an outdated schedule ignored');
    if (isRedelivery) {
      return cancelOpenTick(
        services,
        job,
        dueMillis,
        "the job's schedule changed while this execution was being recovered; it was not run again",
        logger,
      );
    }
    return { kind: 'done', executionId: null, status: 'ignored' };
  }

  const scheduledFor = canonicalFireTime(job.cronExpression, job.timezoneName, new Date(dueMillis));
  if (scheduledFor === null) {
    logger.info({ dueAt: new Date(dueMillis).toISOString() }, 'repeated local time: tick already ran');
    return { kind: 'done', executionId: null, status: 'duplicate' };
  }

  // A first delivery is judged before its row exists: on time it is created `running` (one write instead
  // of two), too late it is created `queued` and closed `missed` at once.
  const pickedUpAt = services.now();
  const lateMs = pickedUpAt.getTime() - dueMillis;
  const isLate = lateMs > job.misfireGraceSeconds * 1000;
  const { execution, created } = await services.db.executions.createIfAbsent({
    jobId,
    trigger: 'schedule',
    scheduledFor,
    status: isLate ? 'queued' : 'running',
    attempt: 1,
    queuedAt: new Date(dueMillis),
    workerId: services.workerId,
    startedAt: isLate ? null : pickedUpAt,
  });
  const log = logger.child({ executionId: execution.id });
  if (!created && (isFinalStatus(execution.status) || !isRedelivery)) {
    log.info({ status: execution.status }, 'tick already recorded');
    return { kind: 'done', executionId: execution.id, status: 'duplicate', ...chainHint(job) };
  }

  // Misfire is judged when the tick would first start, also on a redelivery that never got to start it.
  if (execution.startedAt === null && isLate) {
    const error = `${MISSED_REASONS.late} ${Math.round(lateMs / 1000)} s after its time (misfire_grace_seconds=${job.misfireGraceSeconds})`;
    await finishExecution({ ...services, logger: log }, { job, execution, status: 'missed', error });
    return { kind: 'done', executionId: execution.id, status: 'missed' };
  }
  // Created `running`: its first event is `execution.started` (it never waited as `queued`).
  if (created) {
    return runExecution(services, {
      job,
      execution,
      attempt: 1,
      cancelSignal,
      logger: log,
      isCreatedRunning: true,
    });
  }
  const attempt = execution.startedAt ? execution.attempt + 1 : 1;
  const pending = readPendingOutcome(bullJob.data);
  return runExecution(services, { job, execution, attempt, cancelSignal, logger: log, pending });
}

/**
 * A redelivery that will not run: the row its first delivery opened (keyed by the tick's due instant, which
 * is its `scheduled_for`) would otherwise stay `running` or `queued` until the sweeper calls it `failed`.
 * A second pass of a repeated local hour never opened a row (its key is null), so it has nothing to close.
 */
async function cancelOpenTick(
  services: FireScheduleServices,
  job: Job,
  dueMillis: number,
  reason: string,
  logger: Logger,
): Promise<ProcessOutcome> {
  const execution = await services.db.executions.findByKey(job.id, 'schedule', new Date(dueMillis));
  if (!execution || isFinalStatus(execution.status)) {
    return { kind: 'done', executionId: execution?.id ?? null, status: 'ignored' };
  }
  const log = logger.child({ executionId: execution.id });
  log.info({ status: execution.status, reason }, 'open execution of a tick that will not run cancelled');
  return cancelExecution(services, { job, execution, reason, logger: log });
}
