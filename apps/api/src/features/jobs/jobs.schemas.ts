import {
  CATCHUP_POLICIES,
  CHAIN_EXECUTION_MODES,
  CONCURRENCY_POLICIES,
  DEFAULT_WEBHOOK_TIMEOUT_SECONDS,
  SNAPSHOT_WRITE_METHODS,
} from '@chronos/jobs';
import { DAY_NAMES, isValidTimeZone } from '@chronos/schedule';
import {
  instantString,
  PaginationQuerySchema,
  pageSchema,
  QueryBooleanSchema,
} from '../../http/common-schemas.js';
import { z } from '../../http/zod.js';
import { NotificationListInputSchema, NotificationSchema } from '../notifications/notifications.schemas.js';
import { TASK_PARAM_BODY_FIELDS, TASK_PARAM_RESPONSE_FIELDS } from './task-params.js';
import { TASK_TYPE_DESCRIPTION, TASK_TYPE_NAMES } from './task-types.js';

// No example: it is also the `task_type` filter of GET /api/jobs, which Swagger UI would pre-fill.
export const TaskTypeSchema = z.enum(TASK_TYPE_NAMES).openapi('TaskType', {
  description: `What the job does:\n${TASK_TYPE_DESCRIPTION}`,
});

export const TimeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Rome or UTC')
  .openapi({ example: 'Europe/Rome' });

export const ScheduleSchema = z
  .strictObject({
    days_of_week: z
      // Names in any case, stored lower case (the schedule package's own reading).
      .array(z.string().trim().toLowerCase().pipe(z.enum(DAY_NAMES)))
      .max(7)
      .default([])
      .refine((days) => new Set(days).size === days.length, 'days_of_week must not repeat a day')
      .openapi({
        description: 'Days the job runs on, in any case (answered lower case); an empty list means every day',
        example: ['monday'],
      }),
    hour: z.number().int().min(0).max(23),
    minute: z.number().int().min(0).max(59),
  })
  .openapi('Schedule', {
    description: 'Friendly schedule: converted to `"{minute} {hour} * * {dow}"` (sunday=0 … saturday=6)',
    example: { days_of_week: ['monday', 'wednesday', 'friday'], hour: 8, minute: 30 },
  });
export type ScheduleInput = z.output<typeof ScheduleSchema>;

const IdListSchema = z.array(z.string().trim().min(1).max(200)).max(1000);
// No `min(1)`: an empty expression reaches the schedule package and gets its "cron expression is empty".
export const CronExpressionSchema = z.string().trim().max(200).openapi({
  description: '5-field cron (or 6 with seconds first); wins over `schedule`',
  example: '30 8 * * 1,3,5',
});

/** Fields both create and update accept; create adds required ones and defaults. */
const jobFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4000).nullable(),
  task_type: TaskTypeSchema,
  schedule: ScheduleSchema.nullable(),
  cron_expression: CronExpressionSchema.nullable(),
  timezone: TimeZoneSchema.nullable().openapi({
    description: 'IANA zone of the schedule; omitted or null = follow the `timezone` setting',
  }),
  pipeline_id: z.string().trim().max(200),
  entity_ids: IdListSchema.nullable(),
  entity_id: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .openapi({ description: 'Legacy single entity: accepted as a one-element `entity_ids`' }),
  group_ids: IdListSchema.nullable(),
  with_snapshot: z.boolean(),
  snapshot_write_method: z.enum(SNAPSHOT_WRITE_METHODS),
  enabled: z.boolean(),
  is_cron_expression: z
    .boolean()
    .openapi({ description: 'Accepted for compatibility and ignored: derived from the input used' }),
  concurrency_policy: z.enum(CONCURRENCY_POLICIES).openapi({
    description: '`forbid` records a skipped execution while the previous one still runs',
  }),
  misfire_grace_seconds: z.number().int().min(0).max(86_400),
  catchup: z.enum(CATCHUP_POLICIES).openapi({
    description:
      'What runs late once missed ticks are found: `none` nothing, `latest` the most recent missed tick once, ' +
      '`all` every missed tick, oldest first, one at a time (each only within `catchup_window_seconds`)',
  }),
  catchup_window_seconds: z.number().int().min(0).max(31_622_400).openapi({
    description: 'How old a missed tick may be and still run late; defaults to `misfire_grace_seconds`',
  }),
  max_attempts: z.number().int().min(1).max(100),
  timeout_seconds: z.number().int().min(1).max(86_400),
  notifications: NotificationListInputSchema,
  ...TASK_PARAM_BODY_FIELDS,
};

/**
 * What a task acts on, as a body gives it: the fields a job shares with its chained events (and with
 * TriggerFlow events). Taken from the job's own field schemas, with the reference's defaults.
 */
export const TASK_TARGET_FIELDS = {
  task_type: jobFields.task_type,
  pipeline_id: jobFields.pipeline_id.default(''),
  entity_ids: jobFields.entity_ids.optional(),
  entity_id: jobFields.entity_id.optional(),
  group_ids: jobFields.group_ids.optional(),
  with_snapshot: jobFields.with_snapshot.default(false),
  snapshot_write_method: jobFields.snapshot_write_method.default('UPSERT'),
  ...TASK_PARAM_BODY_FIELDS,
};

export const ChainedEventCreateSchema = z
  .strictObject({
    ...TASK_TARGET_FIELDS,
    execution_mode: z
      .enum(CHAIN_EXECUTION_MODES)
      .default('async')
      .openapi({
        description:
          '`async`: started without waiting for its result; `sync`: the chain waits for it, and first for ' +
          "CoreHub's webhook when the task before it is one CoreHub announces",
      }),
    webhook_timeout_seconds: z
      .number()
      .int()
      .min(1)
      .max(604_800)
      .default(DEFAULT_WEBHOOK_TIMEOUT_SECONDS)
      .openapi({ description: "How long a sync event waits for CoreHub's webhook before the chain fails" }),
  })
  .openapi('ChainedEventCreate', {
    description: 'A task run after the job succeeds, in list order',
    example: {
      task_type: 'entity_start',
      pipeline_id: '8aeb9fb6',
      entity_ids: ['98fd97b8'],
      execution_mode: 'sync',
      webhook_timeout_seconds: 600,
    },
  });
export type ChainedEventBody = z.output<typeof ChainedEventCreateSchema>;

const chainedEventsField = z.array(ChainedEventCreateSchema).max(50).openapi({
  description:
    'Tasks run in order after each successful execution; on update the list replaces all, `[]` clears',
});

const FRIENDLY_EXAMPLE = {
  name: 'Start orders entity on weekdays',
  task_type: 'entity_start',
  schedule: { days_of_week: ['monday', 'wednesday', 'friday'], hour: 8, minute: 30 },
  // The demo's pipeline and entity (`pnpm start` without a CoreHub), so "Try it out" runs against them.
  pipeline_id: '8aeb9fb6',
  entity_ids: ['98fd97b8'],
};

export const CreateJobBodySchema = z
  .strictObject({
    ...jobFields,
    description: jobFields.description.optional(),
    schedule: jobFields.schedule.optional(),
    cron_expression: jobFields.cron_expression.optional(),
    timezone: jobFields.timezone.optional(),
    pipeline_id: jobFields.pipeline_id.default(''),
    entity_ids: jobFields.entity_ids.optional(),
    entity_id: jobFields.entity_id.optional(),
    group_ids: jobFields.group_ids.optional(),
    with_snapshot: jobFields.with_snapshot.default(false),
    snapshot_write_method: jobFields.snapshot_write_method.default('UPSERT'),
    enabled: jobFields.enabled.default(true),
    is_cron_expression: jobFields.is_cron_expression.optional(),
    concurrency_policy: jobFields.concurrency_policy.optional(),
    misfire_grace_seconds: jobFields.misfire_grace_seconds.optional(),
    catchup: jobFields.catchup.optional(),
    catchup_window_seconds: jobFields.catchup_window_seconds.optional(),
    max_attempts: jobFields.max_attempts.optional(),
    timeout_seconds: jobFields.timeout_seconds.optional(),
    notifications: jobFields.notifications.optional(),
    ...TASK_PARAM_BODY_FIELDS,
    chained_events: chainedEventsField.optional(),
  })
  .openapi('JobCreate', {
    description: '`schedule` or `cron_expression` is required; `cron_expression` wins when both are given',
    example: FRIENDLY_EXAMPLE,
  });
export type CreateJobBody = z.output<typeof CreateJobBodySchema>;

export const UpdateJobBodySchema = z
  .strictObject({
    ...(Object.fromEntries(Object.entries(jobFields).map(([key, schema]) => [key, schema.optional()])) as {
      [K in keyof typeof jobFields]: z.ZodOptional<(typeof jobFields)[K]>;
    }),
    chained_events: chainedEventsField.optional(),
  })
  .openapi('JobUpdate', {
    description: 'Partial update: fields left out keep their values',
    example: { schedule: { days_of_week: [], hour: 6, minute: 0 }, enabled: true },
  });
export type UpdateJobBody = z.output<typeof UpdateJobBodySchema>;

export const JobStatusBodySchema = z
  .strictObject({ enabled: z.boolean() })
  .openapi('JobStatusUpdate', { example: { enabled: false } });

export const ListJobsQuerySchema = PaginationQuerySchema.extend({
  task_type: TaskTypeSchema.optional(),
  enabled: QueryBooleanSchema.optional(),
});

const nullableInstant = instantString().nullable();

/** The response fields of a task target (a job's, a chained event's, a flow event's). */
export const TASK_TARGET_RESPONSE_FIELDS = {
  task_type: z.string(),
  pipeline_id: z.string(),
  entity_ids: z.array(z.string()),
  group_ids: z.array(z.string()),
  with_snapshot: z.boolean(),
  snapshot_write_method: z.enum(SNAPSHOT_WRITE_METHODS),
  ...TASK_PARAM_RESPONSE_FIELDS,
};

export const ChainedEventResponseSchema = z
  .object({
    id: z.number().int(),
    parent_job_id: z.number().int(),
    position: z.number().int().openapi({ description: '0-based order in the chain' }),
    ...TASK_TARGET_RESPONSE_FIELDS,
    execution_mode: z.enum(CHAIN_EXECUTION_MODES),
    webhook_timeout_seconds: z.number().int(),
  })
  .openapi('ChainedEventResponse');
export type ChainedEventResponse = z.infer<typeof ChainedEventResponseSchema>;

export const JobSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    description: z.string().nullable(),
    task_type: z.string(),
    cron_expression: z.string(),
    is_cron_expression: z.boolean(),
    timezone_name: z.string().openapi({ description: 'The zone the schedule runs in' }),
    timezone: z.string().openapi({ description: 'Same as `timezone_name`' }),
    follows_default_timezone: z
      .boolean()
      .openapi({ description: 'True when the job follows the `timezone` setting (no explicit zone)' }),
    pipeline_id: z.string(),
    entity_ids: z.array(z.string()),
    group_ids: z.array(z.string()),
    with_snapshot: z.boolean(),
    snapshot_write_method: z.enum(SNAPSHOT_WRITE_METHODS),
    enabled: z.boolean(),
    cron_job_identifier: z.string().openapi({ example: 'gluesync_job_1a2b3c4d' }),
    schedule_days: z.array(z.string()).openapi({ example: ['monday', 'wednesday', 'friday'] }),
    schedule_description: z.string().openapi({ example: 'At 08:30, only on Monday, Wednesday, and Friday' }),
    concurrency_policy: z.enum(CONCURRENCY_POLICIES),
    misfire_grace_seconds: z.number().int(),
    catchup: z.enum(CATCHUP_POLICIES),
    catchup_window_seconds: z.number().int(),
    max_attempts: z.number().int(),
    timeout_seconds: z.number().int(),
    version: z.number().int().openapi({ description: 'Grows by one on every change' }),
    created_at: instantString(),
    updated_at: instantString(),
    last_run: nullableInstant,
    last_successful_run: nullableInstant,
    last_error_message: z.string().nullable(),
    last_run_error_time: nullableInstant,
    last_status: z.string().nullable().openapi({
      description: "Status of the job's latest execution (`missed` when its latest due tick did not run)",
    }),
    next_run: nullableInstant.openapi({ description: 'Next fire time; null while the job is disabled' }),
    start_time: z.string().nullable().openapi({
      description: 'Next run as %Y-%m-%dT%H:%M:%S%z (reference shape)',
      example: '2025-04-14T08:30:00+0200',
    }),
    links: z
      .object({
        scheduler: z
          .string()
          .nullable()
          .openapi({
            description:
              "Path (under the Chronos base URL) of the job's pending scheduler tick in Bull Board; null " +
              'while the job is disabled (it has no scheduler)',
            example: '/admin/queues/queue/chronos-runs/repeat%3Ajob-7%3A1744612200000',
          }),
      })
      .openapi({ description: 'Pages about this job elsewhere in Chronos' }),
    ...TASK_PARAM_RESPONSE_FIELDS,
    chained_events: z.array(ChainedEventResponseSchema).openapi({ description: 'Ordered by position' }),
    command: z.string().openapi({
      description:
        "The reference's scheduler command: `Scheduled job ID: job_{id}` while enabled, `disabled` otherwise",
      example: 'Scheduled job ID: job_7',
    }),
    notifications: z.array(NotificationSchema).openapi({
      description:
        'Outbound webhooks on failed, timed_out, missed and recovered executions (secrets never shown)',
    }),
    schedule_sync: z.enum(['synced', 'pending']).optional().openapi({
      description:
        'On writes only: `pending` when Redis could not be updated (the worker reconciler repairs it)',
    }),
  })
  .openapi('Job');
export type JobResponse = z.infer<typeof JobSchema>;

export const JobPageSchema = pageSchema(JobSchema, 'JobPage');

export const ChainStatusSchema = z
  .object({
    job_id: z.number().int(),
    has_chained_events: z.boolean(),
    chain_error: z
      .string()
      .nullable()
      .openapi({ description: "The job's last error (a failed chain's message lands there)" }),
    last_error_time: nullableInstant,
  })
  .openapi('ChainStatus');
