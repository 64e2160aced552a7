import type { Job } from '@chronos/db';
import { nextRuns } from '@chronos/schedule';

/**
 * The job's next fire instant after `from`, or null when it has none (disabled: run-now only, or a cron
 * that never fires again). Recomputed after every execution, fixing the reference's stale `next_run`.
 */
export function computeNextRun(
  job: Pick<Job, 'enabled' | 'cronExpression' | 'timezoneName'>,
  from: Date,
): Date | null {
  if (!job.enabled) return null;
  try {
    return nextRuns(job.cronExpression, { timezone: job.timezoneName, from, count: 1 })[0] ?? null;
  } catch {
    // The API validates cron and zone on write; a row that still fails (edited by hand) simply has no next run.
    return null;
  }
}
