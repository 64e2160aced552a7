import { NOTIFICATION_EVENTS } from '@chronos/jobs';
import { Queue, Worker, type WorkerOptions } from 'bullmq';
import { z } from 'zod';
import {
  JOB_NAMES,
  notificationDeliveryQueueJobId,
  notificationPlanQueueJobId,
  QUEUE_NAMES,
} from './queue-ids.js';
import type { RedisConnection } from './redis-connection.js';

export type NotificationsQueue = Queue;

export const NotificationPlanPayloadSchema = z.object({
  v: z.literal(1),
  jobId: z.number().int(),
  executionId: z.number().int(),
});
export type NotificationPlanPayload = z.infer<typeof NotificationPlanPayloadSchema>;

export const NotificationDeliveryPayloadSchema = z.object({
  v: z.literal(1),
  jobId: z.number().int(),
  executionId: z.number().int(),
  notificationId: z.number().int(),
  event: z.enum(NOTIFICATION_EVENTS),
});
export type NotificationDeliveryPayload = z.infer<typeof NotificationDeliveryPayloadSchema>;

/**
 * Completed jobs stay a day: while one is kept, adding its id again is a no-op (BullMQ keeps one job per
 * id), which is what makes a second announcement of the same execution plan nothing. The database's
 * "already delivered" check covers what is older.
 */
const KEEP_COMPLETED = { age: 86_400, count: 50_000 };
const KEEP_FAILED = { age: 7 * 86_400, count: 50_000 };
/**
 * A plan only reads the database and adds queue jobs: retried from 1 s, doubling, 15 times — a database
 * outage of up to about 4.5 hours loses no notification.
 */
const PLAN_ATTEMPTS = 15;
const PLAN_BACKOFF_MS = 1000;

export function createNotificationsQueue(options: {
  connection: RedisConnection;
  prefix: string;
}): NotificationsQueue {
  return new Queue(QUEUE_NAMES.notifications, { connection: options.connection, prefix: options.prefix });
}

/** A BullMQ Worker on the notifications queue; `options` are the caller's (connection, prefix, concurrency). */
export function createNotificationsWorker(
  processor: ConstructorParameters<typeof Worker>[1],
  options: WorkerOptions & { prefix: string },
): Worker {
  return new Worker(QUEUE_NAMES.notifications, processor, options);
}

/** Queues the plan of an execution's notifications (idempotent per execution). */
export async function enqueueNotificationPlan(
  queue: NotificationsQueue,
  payload: Omit<NotificationPlanPayload, 'v'>,
): Promise<void> {
  await queue.add(
    JOB_NAMES.notificationPlan,
    { v: 1, ...payload },
    {
      jobId: notificationPlanQueueJobId(payload.executionId),
      attempts: PLAN_ATTEMPTS,
      backoff: { type: 'exponential', delay: PLAN_BACKOFF_MS },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    },
  );
}

/**
 * Queues one delivery (idempotent per notification, execution and event), retried by BullMQ with
 * exponential backoff: attempt n waits `backoffMs × 2^(n−2)` after attempt n−1 failed.
 */
export async function enqueueNotificationDelivery(
  queue: NotificationsQueue,
  payload: Omit<NotificationDeliveryPayload, 'v'>,
  retry: { attempts: number; backoffMs: number },
): Promise<void> {
  await queue.add(
    JOB_NAMES.notificationDeliver,
    { v: 1, ...payload },
    {
      jobId: notificationDeliveryQueueJobId(payload.notificationId, payload.executionId, payload.event),
      attempts: retry.attempts,
      backoff: { type: 'exponential', delay: retry.backoffMs },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    },
  );
}
