import type { Job } from '@chronos/jobs';
import { syncJobSchedule as mirrorJobSchedule, removeJobSchedule } from '@chronos/queue';
import type { ApiDeps } from '../../deps.js';
import type { ScheduleSync } from './job-response.js';

/**
 * Mirrors a job into its BullMQ job scheduler AFTER the database write committed (DESIGN §4): enabled →
 * upsert with the job's cron, zone and version; disabled → remove. When Redis does not answer, the write
 * still succeeds and reports `pending`: the worker's reconciler brings Redis back in line with the database.
 */
export async function syncJobSchedule(deps: ApiDeps, job: Job): Promise<ScheduleSync> {
  try {
    await mirrorJobSchedule(deps.queue, job);
    return 'synced';
  } catch (error) {
    deps.logger.warn({ err: error, jobId: job.id }, 'job scheduler not synced, left to the reconciler');
    return 'pending';
  }
}

/** Removes a deleted job's scheduler; a failure leaves an orphan the reconciler removes. */
export async function removeSchedule(deps: ApiDeps, jobId: number): Promise<ScheduleSync> {
  try {
    await removeJobSchedule(deps.queue, jobId);
    return 'synced';
  } catch (error) {
    deps.logger.warn({ err: error, jobId }, 'job scheduler not removed, left to the reconciler');
    return 'pending';
  }
}
