import type { Db } from '@chronos/db';
import {
  catchupTicksOf,
  createGapPlanner,
  type Execution,
  type GapCheckTarget,
  type Job,
  MISSED_REASONS,
  type MissedReason,
  unrecordedTicks,
} from '@chronos/jobs';
import {
  advanceGapPass,
  type ExecutionEventPublisher,
  enqueueCatchup,
  type GapWatermarks,
  isQueueJobLive,
  type RunsQueue,
  readGapWatermarks,
  tickQueueJobId,
  writeGapExceptions,
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
 * A pass pages through the enabled jobs (PAGE_SIZE at a time, only the columns it plans with): one read of
 * the tick records of a page's due ticks, one of its `missed` rows for the catch-up policy, the whole job row
 * only for a job with something to record or run; jobs of one cadence share one walk of the cron
 * (`createGapPlanner`), and the watermarks are two Redis keys (`gap-watermark.ts`), not one per job.
 *
 * Then the job's catch-up policy (`catchupTicksOf`) decides what runs late: a `catchup` execution for the
 * tick (its own unique key (job, 'catchup', tick), so the `missed` row stays and the late run is a second
 * row), queued as `catchup-<executionId>`. `all` queues one at a time: the next only once the job has no
 * open execution.
 */
export type GapDetector = LeasedLoop<GapReport> & {
  /**
   * One pass over these jobs only, in the background (their schedulers were just restored: the ticks they
   * dropped are looked for at once, without walking every other job).
   */
  checkJobsInBackground(jobIds: number[]): void;
};

/** Jobs read, and tick records compared, per database round trip. */
const PAGE_SIZE = 500;

export function createGapDetector(options: GapDetectorOptions): GapDetector {
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

  async function catchUp(
    job: Job,
    missed: Pick<Execution, 'scheduledFor' | 'status'>[],
    now: Date,
    report: GapReport,
  ): Promise<void> {
    for (const tick of catchupTicksOf(job, missed, now)) {
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

  type Pass = {
    now: Date;
    plan: ReturnType<typeof createGapPlanner>;
    marks: GapWatermarks;
    /** Jobs' own watermarks to set (a date) or clear (null) when the pass ends. */
    exceptions: Map<number, Date | null>;
    /** A pass over a few jobs: every job it checks gets its own watermark; the pass instant is left alone. */
    isPartial: boolean;
    report: GapReport;
  };

  function checkedUntilOf(job: GapCheckTarget, marks: GapWatermarks): Date | null {
    const own = marks.checkedUntilByJob.get(job.id);
    if (own) return own;
    return marks.passAt ? new Date(marks.passAt.getTime() - job.misfireGraceSeconds * 1000) : null;
  }

  function groupByJob<T extends { jobId: number }>(rows: T[]): Map<number, T[]> {
    const byJob = new Map<number, T[]>();
    for (const row of rows) {
      const list = byJob.get(row.jobId);
      if (list) list.push(row);
      else byJob.set(row.jobId, [row]);
    }
    return byJob;
  }

  async function checkPage(jobs: GapCheckTarget[], pass: Pass): Promise<void> {
    const plans = jobs.map((job) => ({ job, plan: pass.plan(job, checkedUntilOf(job, pass.marks)) }));
    const withTicks = plans.filter(({ plan }) => plan.ticks.length > 0);
    const firstTick = Math.min(...withTicks.map(({ plan }) => plan.ticks[0]?.getTime() ?? Number.NaN));
    const lastTick = Math.max(...withTicks.map(({ plan }) => plan.ticks.at(-1)?.getTime() ?? Number.NaN));
    const recorded =
      withTicks.length === 0
        ? new Map()
        : groupByJob(
            await options.db.executions.listTickRecordsOf(
              withTicks.map(({ job }) => job.id),
              new Date(firstTick),
              new Date(lastTick),
            ),
          );
    const catchingUp = jobs.filter((job) => job.catchup !== 'none');
    const now = pass.now.getTime();
    const catchupFrom = Math.max(0, ...catchingUp.map((job) => job.catchupWindowSeconds * 1000));
    const checked = new Map<number, boolean>();
    for (const { job, plan } of plans) {
      const gaps = unrecordedTicks(plan.ticks, recorded.get(job.id) ?? []);
      try {
        if (gaps.length > 0) {
          const row = await options.db.jobs.find(job.id);
          if (row?.enabled) for (const tick of gaps) await recordMissed(row, tick, pass.report);
        }
        checked.set(job.id, true);
        const isComplete = plan.checkedUntil.getTime() === now - job.misfireGraceSeconds * 1000;
        if (pass.isPartial || !isComplete) pass.exceptions.set(job.id, plan.checkedUntil);
        else if (pass.marks.checkedUntilByJob.has(job.id)) pass.exceptions.set(job.id, null);
      } catch (error) {
        // One job's failure (deleted mid-pass, a bad row) must not hide the others' gaps; the next pass
        // looks again from where this one started for it.
        checked.set(job.id, false);
        pass.exceptions.set(job.id, checkedUntilOf(job, pass.marks) ?? new Date(now - options.windowMs));
        logger.warn({ err: error, jobId: job.id }, 'gap check of a job failed; the next pass retries');
      }
    }
    if (catchingUp.length === 0) return;
    const missed = groupByJob(
      await options.db.executions.listTickRecordsOf(
        catchingUp.map((job) => job.id),
        new Date(now - catchupFrom),
        pass.now,
        { status: 'missed' },
      ),
    );
    for (const target of catchingUp) {
      const rows = missed.get(target.id);
      if (!rows || checked.get(target.id) === false) continue;
      try {
        const job = await options.db.jobs.find(target.id);
        if (job?.enabled) await catchUp(job, rows, pass.now, pass.report);
      } catch (error) {
        logger.warn({ err: error, jobId: target.id }, 'catch-up of a job failed; the next pass retries');
      }
    }
  }

  async function detect(only?: number[]): Promise<GapReport> {
    const now = options.now();
    const pass: Pass = {
      now,
      plan: createGapPlanner({ now, windowMs: options.windowMs, maxTicks: options.maxTicksPerJob }),
      marks: await readGapWatermarks(options.redis, options.prefix),
      exceptions: new Map(),
      isPartial: only !== undefined,
      report: { missed: 0, catchups: 0 },
    };
    if (only) {
      // A page of ids at a time: a database bounds a statement's parameters (PostgreSQL: 65,535).
      const ids = [...new Set(only)].sort((a, b) => a - b);
      for (let start = 0; start < ids.length; start += PAGE_SIZE) {
        const page = ids.slice(start, start + PAGE_SIZE);
        const jobs = await options.db.jobs.listGapCheckTargets({ afterId: 0, limit: PAGE_SIZE, ids: page });
        if (jobs.length > 0) await checkPage(jobs, pass);
      }
    } else {
      let afterId = 0;
      for (;;) {
        const jobs = await options.db.jobs.listGapCheckTargets({ afterId, limit: PAGE_SIZE });
        if (jobs.length > 0) await checkPage(jobs, pass);
        const last = jobs.at(-1);
        if (!last || jobs.length < PAGE_SIZE) break;
        afterId = last.id;
      }
    }
    await writeGapExceptions(options.redis, options.prefix, pass.exceptions, options.windowMs);
    if (!pass.isPartial) await advanceGapPass(options.redis, options.prefix, now, options.windowMs);
    const { report } = pass;
    if (report.missed > 0 || report.catchups > 0) logger.warn(report, 'due ticks with no record found');
    return report;
  }

  const loop = createLeasedLoop({
    ...options,
    name: 'gaps',
    logger,
    pass: () => detect(),
    failureMessage: 'gap detection pass failed; retrying next interval',
  });
  return {
    ...loop,
    checkJobsInBackground(jobIds) {
      if (jobIds.length === 0) return;
      loop.runInBackground({ force: true, pass: () => detect(jobIds) });
    },
  };
}
