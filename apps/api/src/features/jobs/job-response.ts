import type { ChainedEvent, Job } from '@chronos/jobs';
import { bullBoardSchedulerPath } from '../../http/bull-board-links.js';
import { formatInstant, formatOptionalInstant, formatStartTime } from '../../http/format-instant.js';
import type { NotificationResponse } from '../notifications/notifications.schemas.js';
import type { JobResponse } from './jobs.schemas.js';
import { describeSchedule, listScheduleDays } from './schedule-rules.js';
import { type TASK_PARAM_FIELDS, toTaskParamFields } from './task-params.js';
import { toChainedEventResponse } from './task-target.js';

export type ScheduleSync = 'synced' | 'pending';

/**
 * A job as the API shows it: the reference's field names (§2.8) plus Chronos's policy fields, `version`,
 * `last_status` and `schedule_description`. Instants are in the job's own zone.
 */
export function toJobResponse(
  job: Job,
  scheduleSync?: ScheduleSync,
  related: { chainedEvents?: readonly ChainedEvent[]; notifications?: NotificationResponse[] } = {},
): JobResponse {
  const zone = job.timezoneName;
  const response: JobResponse = {
    id: job.id,
    name: job.name,
    description: job.description,
    task_type: job.taskType,
    cron_expression: job.cronExpression,
    is_cron_expression: job.isCronExpression,
    timezone_name: zone,
    timezone: zone,
    follows_default_timezone: job.followsDefaultTimezone,
    pipeline_id: job.pipelineId,
    entity_ids: job.entityIds,
    group_ids: job.groupIds,
    with_snapshot: job.withSnapshot,
    snapshot_write_method: job.snapshotWriteMethod,
    enabled: job.enabled,
    cron_job_identifier: job.cronJobIdentifier,
    schedule_days: listScheduleDays(job.cronExpression),
    schedule_description: describeSchedule(job.cronExpression, zone),
    concurrency_policy: job.concurrencyPolicy,
    misfire_grace_seconds: job.misfireGraceSeconds,
    catchup: job.catchup,
    catchup_window_seconds: job.catchupWindowSeconds,
    max_attempts: job.maxAttempts,
    timeout_seconds: job.timeoutSeconds,
    version: job.version,
    created_at: formatInstant(job.createdAt, zone),
    updated_at: formatInstant(job.updatedAt, zone),
    last_run: formatOptionalInstant(job.lastRun, zone),
    last_successful_run: formatOptionalInstant(job.lastSuccessfulRun, zone),
    last_error_message: job.lastErrorMessage,
    last_run_error_time: formatOptionalInstant(job.lastRunErrorTime, zone),
    last_status: job.lastStatus,
    next_run: formatOptionalInstant(job.nextRun, zone),
    start_time: job.nextRun ? formatStartTime(job.nextRun, zone) : null,
    links: { scheduler: bullBoardSchedulerPath(job.id, job.nextRun) },
    // Same schemas on the way in and out: what the job holds has the response fields' shapes.
    ...(toTaskParamFields(job.taskParams) as Pick<JobResponse, keyof typeof TASK_PARAM_FIELDS>),
    chained_events: (related.chainedEvents ?? []).map(toChainedEventResponse),
    command: job.enabled ? `Scheduled job ID: job_${job.id}` : 'disabled',
    notifications: related.notifications ?? [],
  };
  if (scheduleSync) response.schedule_sync = scheduleSync;
  return response;
}
