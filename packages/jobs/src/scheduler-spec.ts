import type { Job } from './model.js';

/**
 * What the BullMQ job scheduler of a job must hold: its cron (`pattern`), zone (`tz`, always explicit:
 * BullMQ would otherwise use the server's zone) and the job's `version` when it was written.
 */
export type SchedulerSpec = { jobId: number; pattern: string; tz: string; version: number };

/** What Redis holds for a job's scheduler; `version` is undefined for one written without it. */
export type SchedulerState = Omit<SchedulerSpec, 'version'> & { version: number | undefined };

/** The scheduler an enabled job must have; null when it must have none (disabled jobs run on demand only). */
export function schedulerSpecOf(
  job: Pick<Job, 'id' | 'enabled' | 'cronExpression' | 'timezoneName' | 'version'>,
): SchedulerSpec | null {
  if (!job.enabled) return null;
  return { jobId: job.id, pattern: job.cronExpression, tz: job.timezoneName, version: job.version };
}

/**
 * True when a tick of `cadence` fires at the times the job's schedule says. The version is left out on
 * purpose: a tick of a scheduler written before an edit that kept the cron and zone (a rename, say) is
 * still a tick of the job's schedule and runs.
 */
export function firesOnSchedule(
  cadence: { pattern: string; tz: string },
  job: Pick<Job, 'cronExpression' | 'timezoneName'>,
): boolean {
  return cadence.pattern === job.cronExpression && cadence.tz === job.timezoneName;
}

/** True when the scheduler Redis holds is exactly the wanted one (cadence and version). */
export function isSchedulerInLine(wanted: SchedulerSpec, held: SchedulerState | undefined): boolean {
  return (
    held !== undefined &&
    held.jobId === wanted.jobId &&
    held.pattern === wanted.pattern &&
    held.tz === wanted.tz &&
    held.version === wanted.version
  );
}

export type ReconcilePlan = {
  /** Schedulers that are missing or differ (cadence or version). */
  upserts: SchedulerSpec[];
  /** Job ids whose scheduler has no enabled job behind it. */
  removals: number[];
};

/**
 * The database is the source of truth: every enabled job has exactly its scheduler, nothing else has one.
 * Pure, so the reconciler's decisions are tested without Redis.
 */
export function planReconcile(wanted: SchedulerSpec[], held: SchedulerState[]): ReconcilePlan {
  const heldByJob = new Map(held.map((state) => [state.jobId, state]));
  const wantedJobs = new Set(wanted.map((spec) => spec.jobId));
  return {
    upserts: wanted.filter((spec) => !isSchedulerInLine(spec, heldByJob.get(spec.jobId))),
    removals: held.filter((state) => !wantedJobs.has(state.jobId)).map((state) => state.jobId),
  };
}
