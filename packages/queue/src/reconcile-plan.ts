import type { ScheduledJob, SchedulerState } from './runs-queue.js';

export type ReconcilePlan = {
  /** Enabled jobs whose scheduler is missing or differs (pattern, tz or version). */
  upserts: ScheduledJob[];
  /** Scheduler job ids with no enabled job behind them. */
  removals: number[];
};

/**
 * The database is the source of truth: every enabled job has exactly its scheduler, nothing else has one.
 * Pure, so the reconciler's decisions are tested without Redis.
 */
export function planReconcile(enabledJobs: ScheduledJob[], schedulers: SchedulerState[]): ReconcilePlan {
  const byJobId = new Map(schedulers.map((s) => [s.jobId, s]));
  const wanted = new Set<number>();
  const upserts: ScheduledJob[] = [];
  for (const job of enabledJobs) {
    wanted.add(job.id);
    const current = byJobId.get(job.id);
    const isInLine =
      current !== undefined &&
      current.pattern === job.cronExpression &&
      current.tz === job.timezone &&
      current.version === job.version;
    if (!isInLine) upserts.push(job);
  }
  const removals = schedulers.filter((s) => !wanted.has(s.jobId)).map((s) => s.jobId);
  return { upserts, removals };
}
