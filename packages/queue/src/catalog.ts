import { z } from 'zod';

/**
 * Payloads of the jobs on the runs queue. Versioned: new fields are optional, and no field is removed or
 * renamed while old jobs may still be queued (a scheduler's template lives in Redis for as long as the job).
 */
export const ScheduleFirePayloadSchema = z.object({
  v: z.literal(1),
  jobId: z.number().int().positive(),
  /** The job's `version` when the scheduler was written; the reconciler compares it with the database. */
  version: z.number().int().positive(),
});
export type ScheduleFirePayload = z.infer<typeof ScheduleFirePayloadSchema>;

export const RunNowPayloadSchema = z.object({
  v: z.literal(1),
  jobId: z.number().int().positive(),
  /** The execution row the API created (status `queued`) before enqueueing. */
  executionId: z.number().int().positive(),
  /** Carried into worker logs so a run links back to the HTTP request that asked for it. */
  requestId: z.string().optional(),
});
export type RunNowPayload = z.infer<typeof RunNowPayloadSchema>;

export const FlowFirePayloadSchema = z.object({
  v: z.literal(1),
  flowId: z.number().int().positive(),
  /** The execution log row the API created (status `queued`, with the plan of events) before enqueueing. */
  logId: z.number().int().positive(),
  requestId: z.string().optional(),
});
export type FlowFirePayload = z.infer<typeof FlowFirePayloadSchema>;

export const FlowEventPayloadSchema = z.object({
  v: z.literal(1),
  flowId: z.number().int().positive(),
  logId: z.number().int().positive(),
  /** The event's index in the log row's plan (read from the row, so the payload stays small). */
  index: z.number().int().min(0),
});
export type FlowEventPayload = z.infer<typeof FlowEventPayloadSchema>;

export const ChainStepPayloadSchema = z.object({
  v: z.literal(1),
  /** The parent job (for log lines; the step row holds the event it runs). */
  jobId: z.number().int().positive(),
  /** The succeeded execution whose chain this step belongs to. */
  executionId: z.number().int().positive(),
  /** The event's 0-based position in the chain. */
  position: z.number().int().min(0),
});
export type ChainStepPayload = z.infer<typeof ChainStepPayloadSchema>;

const StepSchema = z.object({
  method: z.string(),
  path: z.string(),
  status: z.number().nullable(),
  duration_ms: z.number(),
  message: z.string().nullable(),
  at: z.string(),
});

/**
 * What an attempt decided after its CoreHub calls but could not write because the database did not answer:
 * kept in the queue job's data (`pendingOutcome`, next to either payload) until a redelivery writes it, so
 * a finished call is recorded instead of being made again.
 */
export const PendingOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('final'),
    attempt: z.number().int().positive(),
    status: z.enum(['succeeded', 'failed', 'timed_out']),
    error: z.string().nullable(),
    isRetryable: z.boolean(),
    steps: z.array(StepSchema),
    finishedAt: z.iso.datetime(),
  }),
  z.object({
    kind: z.literal('retry'),
    attempt: z.number().int().positive(),
    error: z.string(),
    steps: z.array(StepSchema),
    delayMs: z.number().int().min(0),
  }),
]);
export type PendingOutcome = z.infer<typeof PendingOutcomeSchema>;

/** The outcome a queue job's data keeps, if it keeps a valid one. */
export function readPendingOutcome(data: unknown): PendingOutcome | undefined {
  const kept = (data as { pendingOutcome?: unknown } | null | undefined)?.pendingOutcome;
  const parsed = PendingOutcomeSchema.safeParse(kept);
  return parsed.success ? parsed.data : undefined;
}
