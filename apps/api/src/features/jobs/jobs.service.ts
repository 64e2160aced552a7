import { isDeepStrictEqual } from 'node:util';
import type { CreateJobInput, Page, UpdateJobPatch } from '@chronos/db';
import { type Job, nextRunOf } from '@chronos/jobs';
import { type ApiDeps, currentTime } from '../../deps.js';
import { formatOptionalInstant } from '../../http/format-instant.js';
import { createValidationError } from '../../http/validate.js';
import type { NotificationResponse } from '../notifications/notifications.schemas.js';
import {
  assertNotificationIds,
  toNotificationResponses,
  writeNotifications,
} from '../notifications/notifications.service.js';
import { getDefaultTimezone } from '../settings/default-timezone.js';
import { toJobResponse } from './job-response.js';
import { removeSchedule, syncJobSchedule } from './job-schedule-sync.js';
import type { CreateJobBody, JobResponse, UpdateJobBody } from './jobs.schemas.js';
import { resolveCron, SCHEDULE_REQUIRED_MESSAGE } from './schedule-rules.js';
import { readTaskParams } from './task-params.js';
import { assertTaskTarget, readChainedEvents, resolveEntityIds } from './task-target.js';

/**
 * Job writes: validate, write the database, then mirror the scheduler (database first, DESIGN §4).
 * `next_run` is recomputed on every write; it is null while a job is disabled (it will not fire).
 */

/**
 * The job as the API shows it, with its chained events and webhooks read alongside (`notifications` when the
 * write just made them: only that answer carries a new secret).
 */
async function respond(
  deps: ApiDeps,
  job: Job,
  scheduleSync?: 'synced' | 'pending',
  notifications?: NotificationResponse[],
): Promise<JobResponse> {
  const [chainedEvents, stored] = await Promise.all([
    // A read that counted none (`jobs.get`, same statement) needs no second look.
    job.chainedEventCount === 0 ? [] : deps.db.chains.listEvents(job.id),
    notifications || job.notificationCount === 0 ? undefined : deps.db.notifications.listForJob(job.id),
  ]);
  return toJobResponse(job, scheduleSync, {
    chainedEvents,
    notifications: notifications ?? toNotificationResponses(stored ?? [], job.timezoneName),
  });
}

/** CoreHub's webhooks follow the chained events: after the database write, never in its way. */
function registerWebhooks(deps: ApiDeps, reason: string): void {
  deps.webhooks?.requestSync(reason);
}

export async function listJobs(
  deps: ApiDeps,
  query: { skip: number; limit: number; task_type?: string | undefined; enabled?: boolean | undefined },
): Promise<Page<JobResponse>> {
  const page = await deps.db.jobs.list({
    skip: query.skip,
    limit: query.limit,
    ...(query.task_type === undefined ? {} : { taskType: query.task_type }),
    ...(query.enabled === undefined ? {} : { enabled: query.enabled }),
  });
  // A page reads its jobs' chained events and webhooks in one read each (counting them per row in the
  // page's statement measured slower: two subqueries for each of 100 rows).
  const ids = page.items.map((job) => job.id);
  const [events, notifications] = await Promise.all([
    deps.db.chains.listEventsOf(ids),
    deps.db.notifications.listForJobs(ids),
  ]);
  return {
    items: page.items.map((job) =>
      toJobResponse(job, undefined, {
        chainedEvents: events.get(job.id) ?? [],
        notifications: toNotificationResponses(notifications.get(job.id) ?? [], job.timezoneName),
      }),
    ),
    total: page.total,
  };
}

export async function getJob(deps: ApiDeps, id: number): Promise<JobResponse> {
  return respond(deps, await deps.db.jobs.get(id));
}

/** `GET /api/jobs/{id}/chain-status` (reference §1.1): the job's chain and its last error. */
export async function getChainStatus(deps: ApiDeps, id: number) {
  const job = await deps.db.jobs.get(id);
  const events = await deps.db.chains.listEvents(id);
  return {
    job_id: job.id,
    has_chained_events: events.length > 0,
    chain_error: job.lastErrorMessage,
    last_error_time: formatOptionalInstant(job.lastRunErrorTime, job.timezoneName),
  };
}

export async function createJob(deps: ApiDeps, body: CreateJobBody): Promise<JobResponse> {
  const cron = resolveCron(body);
  if (!cron)
    throw createValidationError(
      [{ path: 'body', message: SCHEDULE_REQUIRED_MESSAGE }],
      SCHEDULE_REQUIRED_MESSAGE,
    );
  const timezoneName = body.timezone ?? (await getDefaultTimezone(deps));
  const misfireGraceSeconds = body.misfire_grace_seconds ?? deps.config.policyDefaults.misfireGraceSeconds;
  const input: CreateJobInput = {
    name: body.name,
    description: body.description ?? null,
    taskType: body.task_type,
    cronExpression: cron.cronExpression,
    isCronExpression: cron.isCronExpression,
    timezoneName,
    followsDefaultTimezone: !body.timezone,
    pipelineId: body.pipeline_id,
    entityIds: resolveEntityIds(body) ?? [],
    groupIds: body.group_ids ?? [],
    withSnapshot: body.with_snapshot,
    snapshotWriteMethod: body.snapshot_write_method,
    taskParams: readTaskParams(body),
    enabled: body.enabled,
    concurrencyPolicy: body.concurrency_policy ?? deps.config.policyDefaults.concurrencyPolicy,
    misfireGraceSeconds,
    catchup: body.catchup ?? deps.config.policyDefaults.catchup,
    // Within the misfire grace by default: a job that never misses behaves exactly as before.
    catchupWindowSeconds: body.catchup_window_seconds ?? misfireGraceSeconds,
    maxAttempts: body.max_attempts ?? deps.config.policyDefaults.maxAttempts,
    timeoutSeconds: body.timeout_seconds ?? deps.config.policyDefaults.timeoutSeconds,
    chainedEvents: readChainedEvents(body.chained_events ?? []),
  };
  assertTaskTarget({
    taskType: input.taskType,
    pipelineId: input.pipelineId ?? '',
    entityIds: input.entityIds ?? [],
    groupIds: input.groupIds ?? [],
    taskParams: input.taskParams ?? {},
  });
  input.nextRun = nextRunOf(
    { enabled: input.enabled ?? true, cronExpression: cron.cronExpression, timezoneName },
    currentTime(deps),
  );
  const job = await deps.db.jobs.create(input);
  // Everything was validated before the job was written: only an unavailable database can stop this one,
  // and then the job goes too (best effort), so that the caller's retry does not make a second one.
  const notifications = body.notifications?.length
    ? await writeNotifications(deps, job.id, body.notifications, job.timezoneName).catch(
        async (error: unknown) => {
          await deps.db.jobs.delete(job.id).catch(() => undefined);
          throw error;
        },
      )
    : [];
  deps.logger.info({ jobId: job.id, taskType: job.taskType }, 'job created');
  if (input.chainedEvents?.length) registerWebhooks(deps, 'job created');
  return respond(deps, job, await syncJobSchedule(deps, job), notifications);
}

/** The patch an update body asks for, before task rules are checked against the merged job. */
async function buildPatch(deps: ApiDeps, current: Job, body: UpdateJobBody): Promise<UpdateJobPatch> {
  const patch: UpdateJobPatch = {};
  if (body.name !== undefined) patch.name = body.name;
  if (body.description !== undefined) patch.description = body.description;
  if (body.task_type !== undefined) patch.taskType = body.task_type;
  if (body.pipeline_id !== undefined) patch.pipelineId = body.pipeline_id;
  const entityIds = resolveEntityIds(body);
  if (entityIds !== undefined) patch.entityIds = entityIds;
  if (body.group_ids !== undefined) patch.groupIds = body.group_ids ?? [];
  if (body.with_snapshot !== undefined) patch.withSnapshot = body.with_snapshot;
  if (body.snapshot_write_method !== undefined) patch.snapshotWriteMethod = body.snapshot_write_method;
  if (body.enabled !== undefined) patch.enabled = body.enabled;
  const taskParams = readTaskParams(body, current.taskParams);
  if (!isDeepStrictEqual(taskParams, current.taskParams)) patch.taskParams = taskParams;
  if (body.concurrency_policy !== undefined) patch.concurrencyPolicy = body.concurrency_policy;
  if (body.misfire_grace_seconds !== undefined) patch.misfireGraceSeconds = body.misfire_grace_seconds;
  if (body.catchup !== undefined) patch.catchup = body.catchup;
  if (body.catchup_window_seconds !== undefined) patch.catchupWindowSeconds = body.catchup_window_seconds;
  if (body.max_attempts !== undefined) patch.maxAttempts = body.max_attempts;
  if (body.timeout_seconds !== undefined) patch.timeoutSeconds = body.timeout_seconds;
  if (body.chained_events !== undefined) patch.chainedEvents = readChainedEvents(body.chained_events);
  const cron = resolveCron(body);
  if (cron) Object.assign(patch, cron);
  if (body.timezone === null) {
    // null hands the job back to the `timezone` setting.
    patch.timezoneName = await getDefaultTimezone(deps);
    patch.followsDefaultTimezone = true;
  } else if (body.timezone !== undefined) {
    patch.timezoneName = body.timezone;
    patch.followsDefaultTimezone = false;
  }
  const merged = { ...current, ...patch };
  assertTaskTarget(merged);
  patch.nextRun = nextRunOf(merged, currentTime(deps));
  return patch;
}

export async function updateJob(deps: ApiDeps, id: number, body: UpdateJobBody): Promise<JobResponse> {
  const current = await deps.db.jobs.get(id);
  const existing = await deps.db.notifications.listForJob(id);
  if (body.notifications) assertNotificationIds(body.notifications, existing);
  const patch = await buildPatch(deps, current, body);
  const job = await deps.db.jobs.update(id, patch);
  const notifications = body.notifications
    ? await writeNotifications(deps, id, body.notifications, job.timezoneName)
    : toNotificationResponses(existing, job.timezoneName);
  deps.logger.info({ jobId: job.id, version: job.version }, 'job updated');
  // A new task type changes what the first event waits for; new events change everything.
  if (patch.chainedEvents !== undefined || patch.taskType !== undefined)
    registerWebhooks(deps, 'job updated');
  return respond(deps, job, await syncJobSchedule(deps, job), notifications);
}

export async function setJobEnabled(deps: ApiDeps, id: number, enabled: boolean): Promise<JobResponse> {
  const current = await deps.db.jobs.get(id);
  const job = await deps.db.jobs.update(id, {
    enabled,
    nextRun: nextRunOf({ ...current, enabled }, currentTime(deps)),
  });
  deps.logger.info({ jobId: job.id, enabled }, 'job status changed');
  return respond(deps, job, await syncJobSchedule(deps, job));
}

/** Deletes the job and, by cascade, its execution history (documented in the README). */
export async function deleteJob(deps: ApiDeps, id: number): Promise<void> {
  await deps.db.jobs.delete(id);
  deps.logger.info({ jobId: id }, 'job deleted');
  registerWebhooks(deps, 'job deleted');
  await removeSchedule(deps, id);
}
