import { InstantSchema, instantString } from '../../http/common-schemas.js';
import { z } from '../../http/zod.js';
import { CronExpressionSchema, ScheduleSchema, TimeZoneSchema } from '../jobs/jobs.schemas.js';

export const PreviewBodySchema = z
  .strictObject({
    schedule: ScheduleSchema.optional(),
    cron_expression: CronExpressionSchema.optional(),
    timezone: TimeZoneSchema.optional().openapi({ description: 'Default: the `timezone` setting' }),
    count: z.number().int().min(1).max(1000).default(5),
    from: InstantSchema.optional().openapi({ description: 'Start after this instant (default: now)' }),
  })
  .openapi('SchedulePreviewRequest', {
    description: '`schedule` or `cron_expression` (which wins when both are given)',
    example: {
      schedule: { days_of_week: ['monday', 'wednesday', 'friday'], hour: 8, minute: 30 },
      timezone: 'Europe/Rome',
      count: 3,
    },
  });
export type PreviewBody = z.output<typeof PreviewBodySchema>;

export const PreviewSchema = z
  .object({
    cron_expression: z.string().openapi({ example: '30 8 * * 1,3,5' }),
    description: z
      .string()
      .openapi({ example: 'At 08:30, only on Monday, Wednesday, and Friday (Europe/Rome)' }),
    timezone: z.string().openapi({ example: 'Europe/Rome' }),
    schedule_days: z.array(z.string()).openapi({ example: ['monday', 'wednesday', 'friday'] }),
    next_runs: z.array(instantString()).openapi({
      example: ['2025-04-14T08:30:00+02:00', '2025-04-16T08:30:00+02:00', '2025-04-18T08:30:00+02:00'],
    }),
  })
  .openapi('SchedulePreview');
export type PreviewResponse = z.infer<typeof PreviewSchema>;
