import type { Db } from '@chronos/db';
import { isSchedulerInLine, planReconcile, type SchedulerSpec, schedulerSpecOf } from '@chronos/jobs';
import {
  findJobSchedule,
  listJobSchedules,
  type RunsQueue,
  removeJobSchedule,
  upsertJobSchedule,
} from '@chronos/queue';
import { createLeasedLoop, type FleetLoopBase } from './leased-loop.js';

export type ReconcilerOptions = FleetLoopBase & {
  db: Db;
  queue: RunsQueue;
  /** Told about every pass that ran (metrics count the repairs). */
  onReport?: (report: ReconcileReport) => void;
};

export type ReconcileReport = { upserted: number[]; removed: number[]; foreign: number };

export type Reconciler = {
  /** One pass now, unless another worker made one within the interval (then null). */
  reconcileOnce(options?: { force?: boolean }): Promise<ReconcileReport | null>;
  start(): void;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
};

/*
 * The database is the source of truth; Redis mirrors it (DESIGN.md §4). At start-up and every interval the
 * reconciler makes every enabled job have exactly its scheduler (pattern, tz, version) and removes the
 * schedulers of jobs that are gone or disabled; schedulers Chronos does not own are left alone.
 *
 * Several workers: a lease (SET NX PX, held for one interval and not released) lets one pass run per
 * interval across the fleet. Safety does not depend on it: upserting an in-line scheduler is skipped by the
 * plan, and a scheduler's tick ids are deterministic, so two passes racing cannot fire a tick twice. A
 * flushed Redis has lost the lease too, so the next pass of any worker restores every schedule.
 */
export function createReconciler(options: ReconcilerOptions): Reconciler {
  const logger = options.logger.child({ component: 'reconciler' });

  async function reconcile(): Promise<ReconcileReport> {
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
    const report = {
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
    pass: reconcile,
    failureMessage: 'reconcile pass failed; retrying next interval',
  });
  return { reconcileOnce: loop.runOnce, start: loop.start, stop: loop.stop };
}
