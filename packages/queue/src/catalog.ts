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
