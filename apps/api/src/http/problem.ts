import { z } from './zod.js';

/** One field-level validation failure. `path` is `<location>.<field path>`, e.g. `body.schedule.hour`. */
export const FieldIssueSchema = z
  .object({
    path: z.string().openapi({ example: 'body.schedule.hour' }),
    message: z.string().openapi({ example: 'Too big: expected number to be <=23' }),
  })
  .openapi('FieldIssue');

/**
 * RFC 9457 problem details, the body of every 4xx/5xx answer. `detail` is the human sentence that clients of
 * the reference implementation already read; `errors` lists field failures of a 422.
 */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'https://chronos.gluesync.dev/problems/validation-failed' }),
    title: z.string().openapi({ example: 'Validation failed' }),
    status: z.number().int().openapi({ example: 422 }),
    detail: z.string().openapi({ example: 'A cron expression or schedule is required for job creation' }),
    instance: z.string().openapi({ example: '/api/jobs' }),
    code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
    requestId: z.string().openapi({ example: '5f0c1c8e-5d3a-4c1e-9f7e-2b6f1f0a9c11' }),
    errors: z.array(FieldIssueSchema).optional(),
  })
  .catchall(z.unknown())
  .openapi('Problem');

export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
