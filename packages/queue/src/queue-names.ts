/**
 * Queue and job names. NEVER rename one once deployed: jobs already in Redis carry these names, and a
 * renamed queue is a new, empty queue (schedules and in-flight runs would be orphaned).
 */
export const QUEUE_NAMES = {
  /** Every execution: scheduler ticks and run-now requests. */
  runs: 'chronos-runs',
} as const;

export const JOB_NAMES = {
  /** A tick produced by a BullMQ job scheduler. */
  scheduleFire: 'schedule.fire',
  /** A run-now request from the API. */
  runNow: 'job.run-now',
} as const;

/** The BullMQ job scheduler id of a Chronos job: derived from the job id, so an upsert never duplicates. */
export function schedulerIdFor(jobId: number): string {
  return `job-${jobId}`;
}

/** The inverse of `schedulerIdFor`; undefined for schedulers Chronos does not own. */
export function jobIdFromSchedulerId(schedulerId: string): number | undefined {
  const match = /^job-(\d+)$/.exec(schedulerId);
  return match?.[1] ? Number(match[1]) : undefined;
}
