import {
  CHAIN_EXECUTION_MODES,
  CHAIN_STEP_STATUSES,
  EXECUTION_STATUSES,
  EXECUTION_TRIGGERS,
} from '@chronos/jobs';
import {
  InstantSchema,
  instantString,
  MAX_ID,
  optionalQueryInteger,
  PaginationQuerySchema,
  pageSchema,
  queryInteger,
} from '../../http/common-schemas.js';
import { z } from '../../http/zod.js';

export const ExecutionStatusSchema = z.enum(EXECUTION_STATUSES).openapi('ExecutionStatus');

export const ExecutionStepSchema = z
  .object({
    method: z.string().openapi({ example: 'POST' }),
    path: z.string().openapi({ example: '/pipelines/p1/commands/sync/start' }),
    status: z.number().int().nullable().openapi({ example: 200 }),
    duration_ms: z.number().openapi({ example: 42 }),
    message: z.string().nullable(),
    at: instantString('2025-04-14T06:30:00.120Z'),
  })
  .openapi('ExecutionStep', { description: 'One CoreHub call made by the execution, in call order' });

const executionFields = {
  id: z.number().int(),
  job_id: z.number().int(),
  trigger: z.enum(EXECUTION_TRIGGERS).openapi({
    description: "`catchup`: a missed tick run late by the job's catch-up policy (its `missed` row stays)",
  }),
  scheduled_for: instantString('2025-04-14T06:30:00+00:00'),
  queued_at: instantString('2025-04-14T06:30:00+00:00'),
  started_at: instantString('2025-04-14T06:30:00+00:00').nullable(),
  finished_at: instantString('2025-04-14T06:30:02+00:00').nullable(),
  status: ExecutionStatusSchema,
  attempt: z.number().int(),
  worker_id: z.string().nullable(),
  error: z.string().nullable(),
};

/** An execution in a list (without its steps). Instants are UTC with an explicit `+00:00` offset. */
export const ExecutionSummarySchema = z.object(executionFields).openapi('ExecutionSummary');
export type ExecutionSummaryResponse = z.infer<typeof ExecutionSummarySchema>;

export const ChainStepSchema = z
  .object({
    position: z.number().int().openapi({ description: "The chained event's 0-based position" }),
    event_id: z
      .number()
      .int()
      .openapi({ description: 'The chained event (it may have been replaced since)' }),
    task_type: z.string(),
    execution_mode: z.enum(CHAIN_EXECUTION_MODES),
    status: z.enum(CHAIN_STEP_STATUSES).openapi({
      description:
        "`pending` → `waiting` (for CoreHub's webhook, sync events after a task CoreHub announces) → " +
        '`running` → `succeeded` | `failed` | `timed_out` (no webhook in time); `skipped` after a failed sync step',
    }),
    attempt: z.number().int(),
    waits_for_webhook: z.boolean(),
    wait_started_at: instantString().nullable(),
    webhook_received_at: instantString().nullable(),
    started_at: instantString().nullable(),
    finished_at: instantString().nullable(),
    error: z.string().nullable(),
    steps: z.array(ExecutionStepSchema).openapi({ description: "The event's CoreHub calls" }),
  })
  .openapi('ChainStep', { description: 'One chained event run after this execution succeeded' });
export type ChainStepResponse = z.infer<typeof ChainStepSchema>;

export const ExecutionSchema = z
  .object({
    ...executionFields,
    steps: z.array(ExecutionStepSchema),
    chain: z.array(ChainStepSchema).openapi({
      description: "The job's chained events run after this execution succeeded, in order (empty: none)",
    }),
  })
  .openapi('Execution', {
    description: 'One run of a job (a tick, a run-now or a retry chain) with its steps and its chain',
  });
export type ExecutionResponse = z.infer<typeof ExecutionSchema>;

export const RunResultSchema = z
  .object({
    ...executionFields,
    steps: z.array(ExecutionStepSchema),
    chain: z.array(ChainStepSchema).openapi({
      description: 'The chain as it stood when the answer was sent (it starts right after a success)',
    }),
    success: z.boolean().openapi({ description: 'True when the execution succeeded' }),
    message: z.string().openapi({ example: 'Job 1 executed successfully' }),
  })
  .openapi('RunResult', { description: 'Answer of a run-now with `wait=true`: the execution as it ended' });
export type RunResultResponse = z.infer<typeof RunResultSchema>;

export const ExecutionPageSchema = pageSchema(ExecutionSummarySchema, 'ExecutionPage');

export const ListExecutionsQuerySchema = PaginationQuerySchema.extend({
  job_id: optionalQueryInteger({ min: 1, max: MAX_ID }),
  status: ExecutionStatusSchema.optional(),
  since: InstantSchema.optional().openapi({
    description: 'Only executions scheduled at or after this instant',
  }),
});

export const ListJobExecutionsQuerySchema = PaginationQuerySchema.extend({
  status: ExecutionStatusSchema.optional(),
});

export const RunQuerySchema = z.object({
  wait: z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .transform((value) => value === 'true' || value === '1')
    .optional()
    .openapi({ type: 'boolean', description: 'Wait for the execution to finish (200) instead of 202' }),
  timeout_seconds: queryInteger({ min: 1, max: 3600, defaultValue: 120 }).openapi({
    description: 'How long `wait=true` waits before answering with the execution as it is',
  }),
});
