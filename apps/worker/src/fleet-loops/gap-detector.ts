import type { Db } from '@chronos/db';
import {
  catchupTicksOf,
  type Job,
  MISSED_REASONS,
  type MissedReason,
  planGapCheck,
  unrecordedTicks,
} from '@chronos/jobs';
import {
  advanceGapWatermark,
  type ExecutionEventPublisher,
  enqueueCatchup,
  isQueueJobLive,
  type RunsQueue,
  readGapWatermark,
  tickQueueJobId,
} from '@chronos/queue';
import { finishExecution } from '../execution/finish-execution.js';
import { createLeasedLoop, type FleetLoopBase, type LeasedLoop } from './leased-loop.js';

export type GapReport = { missed: number; catchups: number };

export type GapDetectorOptions = FleetLoopBase & {
  db: Db;
  queue: RunsQueue;
  publish: ExecutionEventPublisher;
  now: () => Date;
  /** How far back a pass looks (GAP_WINDOW_HOURS). */
  windowMs: number;
  /** Due ticks looked at per job and pass (GAP_MAX_TICKS_PER_JOB). */
  maxTicksPerJob: number;
  /** True when this process saw Redis unavailable at that instant (the reason recorded). */
  wasRedisDownAt: (instant: Date) => boolean;
};

/*
 * No silent gaps (issue 17). BullMQ keeps one pending tick per scheduler and drops the others while no
 * worker runs (or Redis is away, or lost the scheduler); the live path only ever sees the one that runs
 * late. Each pass, for every enabled job, the due ticks `planGapCheck` names (after the last pass, the job's
 * last schedule change and the window; older than the misfire grace) that no `schedule` execution records
 * are recorded `missed` with the reason, unless the queue still carries the tick (the one BullMQ kept: the
 * live path judges it by the misfire grace) — through `createIfAbsent`, so detectors racing on several workers,
 * or the live path delivering the late tick at the same moment, record each tick once.
 *
 * Then the job's catch-up policy (`catchupTicksOf`) decides what runs late: a `catchup` execution for the
 * tick (its own unique key (job, 'catchup', tick), so the `missed` row stays and the late run is a second
 * row), queued as `catchup-<executionId>`. `all` queues one at a time: the next only once the job has no
 * open execution.
 */
export function createGapDetector(options: GapDetectorOptions): LeasedLoop<GapReport> {
  const logger = options.logger.child({ component: 'gap-detector' });

  async function recordMissed(job: Job, tick: Date, report: GapReport): Promise<void> {
    // The tick BullMQ kept while nothing ran is still in the queue: the live path judges it (misfire).
    if (await isQueueJobLive(options.queue, tickQueueJobId(job.id, tick.getTime()))) return;
    const reason: MissedReason = options.wasRedisDownAt(tick) ? 'redis_unavailable' : 'no_worker';
    const now = options.now();
    const { execution, created } = await options.db.executions.createIfAbsent({
      jobId: job.id,
      trigger: 'schedule',
      scheduledFor: tick,
      status: 'missed',
      queuedAt: tick,
      workerId: options.owner,
      finishedAt: now,
      error: MISSED_REASONS[reason],
    });
    if (!created) return;
    report.missed += 1;
    // The row is final already; this records the job's `last_status` and announces it (metrics count it).
    await finishExecution(
      { ...options, logger: logger.child({ jobId: job.id, executionId: execution.id }) },
      { job, execution, status: 'missed', error: execution.error, finishedAt: now },
    );
  }

  async function catchUp(job: Job, report: GapReport): Promise<void> {
    if (job.catchup === 'none') return;
    const now = options.now();
    const records = await options.db.executions.listTickRecords(
      job.id,
      new Date(now.getTime() - job.catchupWindowSeconds * 1000),
      now,
    );
    for (const tick of catchupTicksOf(job, records, now)) {
      if (await options.db.executions.findByKey(job.id, 'catchup', tick)) continue;
      // One at a time: a catch-up waits while anything of the job is still open.
      if (await options.db.executions.findRunning(job.id)) return;
      const { execution, created } = await options.db.executions.createIfAbsent({
        jobId: job.id,
        trigger: 'catchup',
        scheduledFor: tick,
        status: 'queued',
        queuedAt: now,
      });
      if (created) {
        options.publish('execution.queued', execution, job);
        await enqueueCatchup(options.queue, { jobId: job.id, executionId: execution.id });
        report.catchups += 1;
        logger.info(
          { jobId: job.id, executionId: execution.id, scheduledFor: tick },
          'missed tick queued late',
        );
      }
      return;
    }
  }

  async function checkJob(job: Job, report: GapReport): Promise<void> {
    const checkedUntil = await readGapWatermark(options.redis, options.prefix, job.id);
    const plan = planGapCheck(job, {
      now: options.now(),
      windowMs: options.windowMs,
      maxTicks: options.maxTicksPerJob,
      checkedUntil,
    });
    const first = plan.ticks[0];
    const last = plan.ticks.at(-1);
    if (first && last) {
      const recorded = await options.db.executions.listTickRecords(job.id, first, last);
      for (const tick of unrecordedTicks(plan.ticks, recorded)) await recordMissed(job, tick, report);
    }
    await catchUp(job, report);
    await advanceGapWatermark(options.redis, options.prefix, job.id, plan.checkedUntil, options.windowMs);
  }

  async function detect(): Promise<GapReport> {
    const report: GapReport = { missed: 0, catchups: 0 };
    for (const job of await options.db.jobs.listEnabled()) {
      try {
        await checkJob(job, report);
      } catch (error) {
        // One job's failure (deleted mid-pass, a bad row) must not hide the others' gaps.
        logger.warn({ err: error, jobId: job.id }, 'gap check of a job failed; the next pass retries');
      }
    }
    if (report.missed > 0 || report.catchups > 0) logger.warn(report, 'due ticks with no record found');
    return report;
  }

  return createLeasedLoop({
    ...options,
    name: 'gaps',
    logger,
    pass: detect,
    failureMessage: 'gap detection pass failed; retrying next interval',
  });
}
