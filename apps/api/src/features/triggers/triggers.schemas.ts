import { CHAIN_EXECUTION_MODES, FLOW_LOG_STATUSES, FLOW_ROUTINGS, FLOW_SOURCES } from '@chronos/jobs';
import {
  instantString,
  PaginationQuerySchema,
  pageSchema,
  QueryBooleanSchema,
  queryInteger,
} from '../../http/common-schemas.js';
import { z } from '../../http/zod.js';
import { TASK_TARGET_FIELDS, TASK_TARGET_RESPONSE_FIELDS } from '../jobs/jobs.schemas.js';

/*
 * `/api/triggers` (reference §1.4, §2.8). An event's task target is a job's own task part
 * (`TASK_TARGET_FIELDS`), so a field or rule added to jobs reaches flow events without touching this file.
 */

const eventFields = {
  ...TASK_TARGET_FIELDS,
  execution_mode: z.enum(CHAIN_EXECUTION_MODES).default('async').openapi({
    description:
      '`sync`: the flow waits for the event and stops when it fails; `async`: queued to run on its own',
  }),
  allow_ai_run_loop: z.boolean().default(false).openapi({
    description:
      'ai_agent_run: an AI-run platform event may fire this event (one hop only: the AI loop guard)',
  }),
};

export const TriggerEventBodySchema = z.strictObject(eventFields).openapi('TriggerEventCreate', {
  example: {
    task_type: 'entity_start',
    pipeline_id: '8aeb9fb6',
    entity_ids: ['98fd97b8'],
    execution_mode: 'sync',
  },
});
export type TriggerEventBody = z.output<typeof TriggerEventBodySchema>;

const PlatformEventSchema = z.string().trim().min(1).max(200).openapi({
  description: 'The CoreHub event that fires the flow through `POST /api/webhooks/platform-event`',
  example: 'TABLE_REORGANIZATION',
});
const RoutingSchema = z.enum(FLOW_ROUTINGS).openapi({
  description:
    'For platform events: `origin` runs only the events whose target the event names; `broadcast` runs every ' +
    'event. Default: `origin` for table-scoped events (TABLE_REORG…, TABLE_TRUNCATE…, TABLE_DDL), else `broadcast`',
});

const flowFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4000).nullable(),
  enabled: z.boolean(),
  platform_event: PlatformEventSchema.nullable(),
  routing: RoutingSchema.nullable(),
  events: z.array(TriggerEventBodySchema).min(1).max(100),
};

export const CreateTriggerFlowBodySchema = z
  .strictObject({
    ...flowFields,
    description: flowFields.description.optional(),
    enabled: flowFields.enabled.default(true),
    platform_event: flowFields.platform_event.optional(),
    routing: flowFields.routing.optional(),
  })
  .openapi('TriggerFlowCreate', {
    example: {
      name: 'Restart orders',
      events: [
        {
          task_type: 'entity_stop',
          pipeline_id: '8aeb9fb6',
          entity_ids: ['98fd97b8'],
          execution_mode: 'sync',
        },
        {
          task_type: 'entity_start',
          pipeline_id: '8aeb9fb6',
          entity_ids: ['98fd97b8'],
          execution_mode: 'sync',
        },
      ],
    },
  });
export type CreateTriggerFlowBody = z.output<typeof CreateTriggerFlowBodySchema>;

export const UpdateTriggerFlowBodySchema = z
  .strictObject(
    Object.fromEntries(Object.entries(flowFields).map(([key, schema]) => [key, schema.optional()])) as {
      [K in keyof typeof flowFields]: z.ZodOptional<(typeof flowFields)[K]>;
    },
  )
  .openapi('TriggerFlowUpdate', {
    description: 'Partial update: fields left out keep their values; `events` replaces every event',
    example: { name: 'Restart orders nightly' },
  });
export type UpdateTriggerFlowBody = z.output<typeof UpdateTriggerFlowBodySchema>;

export const TriggerFlowStatusBodySchema = z
  .strictObject({ enabled: z.boolean() })
  .openapi('TriggerFlowStatusUpdate', { example: { enabled: false } });

export const ListTriggerFlowsQuerySchema = PaginationQuerySchema;

const nullableInstant = instantString().nullable();

export const TriggerEventSchema = z
  .object({
    id: z.number().int(),
    trigger_flow_id: z.number().int(),
    position: z.number().int(),
    ...TASK_TARGET_RESPONSE_FIELDS,
    execution_mode: z.enum(CHAIN_EXECUTION_MODES),
    allow_ai_run_loop: z.boolean(),
  })
  .openapi('TriggerEventResponse');

export const TriggerFlowSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    description: z.string().nullable(),
    enabled: z.boolean(),
    platform_event: z.string().nullable(),
    routing: z.enum(FLOW_ROUTINGS).nullable(),
    trigger_url: z.string().openapi({
      description: 'Where to fire the flow (with the `X-Trigger-Token` header)',
      example: 'https://chronos.example.com/api/triggers/7/fire',
    }),
    events: z.array(TriggerEventSchema),
    last_triggered: nullableInstant,
    last_successful_trigger: nullableInstant,
    last_error_message: z.string().nullable(),
    last_trigger_error_time: nullableInstant,
    created_at: instantString(),
    updated_at: instantString(),
  })
  .openapi('TriggerFlowResponse');
export type TriggerFlowResponse = z.infer<typeof TriggerFlowSchema>;

export const TriggerFlowWithTokenSchema = TriggerFlowSchema.extend({
  secret_token: z.string().openapi({
    description:
      'The secret for `X-Trigger-Token`. Shown only here (create, regenerate-token): Chronos keeps its hash',
  }),
}).openapi('TriggerFlowCreateResponse');
export type TriggerFlowWithTokenResponse = z.infer<typeof TriggerFlowWithTokenSchema>;

export const TriggerFlowPageSchema = pageSchema(TriggerFlowSchema, 'TriggerFlowPage');

export const FireQuerySchema = z.object({
  wait: QueryBooleanSchema.optional()
    .transform((value) => value ?? false)
    .openapi({
      description: 'Answer once the flow finished (200) instead of when it is queued (202)',
      default: false,
    }),
  wait_timeout_seconds: queryInteger({ min: 1, max: 3600, defaultValue: 120 }),
});

export const FireResponseSchema = z
  .object({
    trigger_flow_id: z.number().int(),
    triggered_at: instantString(),
    status: z.enum(['queued', 'completed', 'failed']),
    events_count: z.number().int(),
    message: z.string().openapi({ example: "TriggerFlow 'Restart orders' queued for execution" }),
    detail: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: 'What stopped a failed flow: `{position, task_type, error}`; the log id' }),
  })
  .openapi('FireResponse');
export type FireResponse = z.infer<typeof FireResponseSchema>;

export const ListLogsQuerySchema = z.object({ limit: queryInteger({ min: 1, max: 100, defaultValue: 20 }) });

export const ExecutionLogSchema = z
  .object({
    id: z.number().int(),
    trigger_flow_id: z.number().int(),
    status: z.enum(FLOW_LOG_STATUSES),
    source: z.enum(FLOW_SOURCES),
    error_message: z.string().nullable(),
    duration_ms: z.number().int().nullable(),
    triggered_at: instantString(),
  })
  .openapi('ExecutionLogResponse');

/** Any JSON object: the payload a fire forwards (≤ 64 KiB). */
export const FirePayloadSchema = z
  .record(z.string(), z.unknown())
  .openapi('FirePayload', { description: 'Optional JSON object forwarded to the flow as its event payload' });
