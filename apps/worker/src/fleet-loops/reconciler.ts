import type { Db } from '@chronos/db';
import { isSchedulerInLine, planReconcile, type SchedulerSpec, schedulerSpecOf } from '@chronos/jobs';
import {
  countJobSchedules,
  findJobSchedule,
  formatReconcileMarker,
  listJobSchedules,
  type RunsQueue,
  readReconcileMarker,
  removeJobSchedule,
  upsertJobSchedule,
  writeReconcileMarker,
} from '@chronos/queue';
import { createLeasedLoop, type FleetLoopBase } from './leased-loop.js';

export type ReconcilerOptions = FleetLoopBase & {
  db: Db;
  queue: RunsQueue;
  /** Told about every pass that ran (metrics count the repairs). */
  onReport?: (report: ReconcileReport) => void;
};

/**
 * What one pass did. `pass: 'unchanged'` means the database and Redis still read as the last full pass left
 * them, so nothing was listed or compared (`foreign` is then not counted: 0).
 */
export type ReconcileReport = {
  pass: 'full' | 'unchanged';
  upserted: number[];
  removed: number[];
  foreign: number;
};

/** A full pass at least this often, even while nothing seems to change (an edit nobody announced). */
export const FULL_PASS_EVERY_MS = 5 * 60_000;

export type Reconciler = {
  /**
   * One pass now, unless another worker made one within the interval (then null). `full` lists and compares
   * everything even when the in-line marker matches (the start-up pass and the periodic loop do not).
   */
  reconcileOnce(options?: { force?: boolean; full?: boolean }): Promise<ReconcileReport | null>;
  start(): void;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
};

/*
 * The database is the source of truth; Redis mirrors it (DESIGN.md §4). At start-up and every interval the
 * reconciler makes every enabled job have exactly its scheduler (pattern, tz, version) and removes the
 * schedulers of jobs that are gone or disabled; schedulers Chronos does not own are left alone.
 *
 * At rest a pass costs one aggregate query and two Redis reads: a full pass leaves a marker (the database's
 * schedule fingerprint and Redis's scheduler count, `@chronos/queue` reconcile-marker), and while both
 * read the same the pass stops there. Any job created, deleted or re-versioned, any scheduler lost or added,
 * a flushed Redis (the marker goes with it) and the marker's expiry after FULL_PASS_EVERY_MS bring the full
 * pass back.
 *
 * Several workers: a lease (SET NX PX, held for one interval and not released) lets one pass run per
 * interval across the fleet. Safety does not depend on it: upserting an in-line scheduler is skipped by the
 * plan, and a scheduler's tick ids are deterministic, so two passes racing cannot fire a tick twice. A
 * flushed Redis has lost the lease too, so the next pass of any worker restores every schedule.
 */
export function createReconciler(options: ReconcilerOptions): Reconciler {
  const logger = options.logger.child({ component: 'reconciler' });

  const fullPassEveryMs = Math.max(FULL_PASS_EVERY_MS, options.intervalMs);

  async function reconcile({ full }: { full: boolean }): Promise<ReconcileReport> {
    const fingerprint = await options.db.jobs.scheduleFingerprint();
    if (!full) {
      const [marker, schedulerCount] = await Promise.all([
        readReconcileMarker(options.redis, options.prefix),
        countJobSchedules(options.queue),
      ]);
      if (marker === formatReconcileMarker(fingerprint, schedulerCount)) {
        const report: ReconcileReport = { pass: 'unchanged', upserted: [], removed: [], foreign: 0 };
        options.onReport?.(report);
        return report;
      }
    }
    const wanted = (await options.db.jobs.listAll())
      .map(schedulerSpecOf)
      .filter((spec): spec is SchedulerSpec => spec !== null);
    const schedules = await listJobSchedules(options.queue);
    const plan = planReconcile(wanted, schedules.owned);
    const upserted: number[] = [];
    for (const spec of plan.upserts) {
      // Re-read before writing: the list is a moment old, and rewriting an in-line scheduler deletes its
      // due tick. Only what is still missing or different is written.
      if (isSchedulerInLine(spec, await findJobSchedule(options.queue, spec.jobId))) continue;
      await upsertJobSchedule(options.queue, spec);
      upserted.push(spec.jobId);
    }
    for (const jobId of plan.removals) await removeJobSchedule(options.queue, jobId);
    // The fingerprint read before the listing: a job changed since then makes the next pass a full one.
    const marker = formatReconcileMarker(fingerprint, await countJobSchedules(options.queue));
    await writeReconcileMarker(options.redis, options.prefix, marker, fullPassEveryMs);
    const report: ReconcileReport = {
      pass: 'full',
      upserted,
      removed: plan.removals,
      foreign: schedules.foreign.length,
    };
    if (report.upserted.length > 0 || report.removed.length > 0) {
      logger.info(report, 'schedules reconciled');
    }
    options.onReport?.(report);
    return report;
  }

  const loop = createLeasedLoop({
    ...options,
    name: 'reconcile',
    logger,
    pass: () => reconcile({ full: false }),
    failureMessage: 'reconcile pass failed; retrying next interval',
  });
  return {
    reconcileOnce: ({ force = false, full = false } = {}) =>
      loop.runOnce({ force, pass: () => reconcile({ full }) }),
    start: loop.start,
    stop: loop.stop,
  };
}
