import { DELIVERY_OUTCOMES, NOTIFICATION_EVENTS } from '@chronos/jobs';
import {
  instantString,
  MAX_ID,
  optionalQueryInteger,
  PaginationQuerySchema,
  pageSchema,
} from '../../http/common-schemas.js';
import { z } from '../../http/zod.js';

export const NOTIFICATION_URL_MESSAGE = 'must be an http:// or https:// URL without user:password@';
export const MAX_NOTIFICATIONS_PER_JOB = 10;

/** http(s) only (no file:, no javascript:), with a host, without credentials (fetch refuses them). */
export function isNotificationUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.host !== '' &&
      !url.username &&
      !url.password
    );
  } catch {
    return false;
  }
}

const NotificationEventSchema = z.enum(NOTIFICATION_EVENTS).openapi('NotificationEvent', {
  description:
    '`failed`, `timed_out`, `missed`: an execution ended so; `recovered`: the first `succeeded` execution after one of those',
});

export const NotificationInputSchema = z
  .strictObject({
    id: z.number().int().min(1).max(MAX_ID).optional().openapi({
      description:
        'Update: the id of one of the job’s notifications to keep (and its secret); absent = a new one',
    }),
    url: z.string().trim().min(1).max(2048).refine(isNotificationUrl, NOTIFICATION_URL_MESSAGE).openapi({
      example: 'https://alerts.example.com/chronos',
    }),
    events: z
      .array(NotificationEventSchema)
      .min(1, 'name at least one event')
      .max(NOTIFICATION_EVENTS.length)
      .refine((events) => new Set(events).size === events.length, 'events must not repeat an event')
      .optional()
      .openapi({ description: 'Default: all four', example: ['failed', 'timed_out', 'missed', 'recovered'] }),
    secret: z
      .string()
      .min(16, 'must be at least 16 characters')
      .max(256)
      .optional()
      .openapi({
        description:
          'HMAC-SHA256 key of the `Chronos-Signature` header. Omitted on a new notification: Chronos generates ' +
          'one (`whsec_…`). Answered only by the write that set it, never by a read.',
      }),
  })
  .openapi('NotificationInput');
export type NotificationInput = z.output<typeof NotificationInputSchema>;

export const NotificationListInputSchema = z
  .array(NotificationInputSchema)
  .max(MAX_NOTIFICATIONS_PER_JOB, `at most ${MAX_NOTIFICATIONS_PER_JOB} notifications per job`)
  .openapi({
    description:
      'Outbound webhooks called when an execution of the job ends `failed`, `timed_out` or `missed`, and on ' +
      'recovery. On update the list replaces the job’s notifications: give `id` to keep one.',
  });

export const NotificationSchema = z
  .object({
    id: z.number().int(),
    url: z.string(),
    events: z.array(NotificationEventSchema),
    secret: z.string().optional().openapi({
      description: 'Only in the answer to the write that set it (created or rotated); store it then',
    }),
    created_at: instantString(),
    updated_at: instantString(),
  })
  .openapi('Notification');
export type NotificationResponse = z.infer<typeof NotificationSchema>;

export const DeliverySchema = z
  .object({
    id: z.number().int(),
    notification_id: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Null once the notification was removed' }),
    execution_id: z.number().int(),
    event: NotificationEventSchema,
    url: z.string(),
    attempt: z.number().int().openapi({ description: '1 for the first try, then each retry' }),
    outcome: z.enum(DELIVERY_OUTCOMES).openapi({ description: '`delivered`: the receiver answered 2xx' }),
    status_code: z.number().int().nullable().openapi({ description: 'Null when there was no answer' }),
    error: z.string().nullable(),
    duration_ms: z.number().int(),
    attempted_at: instantString(),
  })
  .openapi('NotificationDelivery');

export const DeliveryPageSchema = pageSchema(DeliverySchema, 'NotificationDeliveryPage');

export const ListDeliveriesQuerySchema = PaginationQuerySchema.extend({
  execution_id: optionalQueryInteger({ min: 1, max: MAX_ID }).openapi({
    description: 'Only the attempts for this execution',
  }),
});
