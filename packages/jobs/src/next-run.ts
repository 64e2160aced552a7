import { nextRuns } from '@chronos/schedule';
import type { Job } from './model.js';

/**
 * The job's next fire instant after `from`: null while it is disabled (it only runs on demand) and when its
 * cron never fires again. A stored cron or zone that no longer validates (a row edited by hand: the API
 * checks both on every write) has no next run either, so reads and executions never fail on it.
 */
export function nextRunOf(
  job: Pick<Job, 'enabled' | 'cronExpression' | 'timezoneName'>,
  from: Date,
): Date | null {
  if (!job.enabled) return null;
  try {
    return nextRuns(job.cronExpression, { timezone: job.timezoneName, from, count: 1 })[0] ?? null;
  } catch {
    return null;
  }
}
