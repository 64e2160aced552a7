import { randomBytes } from 'node:crypto';
import type { NotificationInput as StoredInput } from '@chronos/db';
import { type JobNotification, NOTIFICATION_EVENTS, type NotificationDelivery } from '@chronos/jobs';
import type { ApiDeps } from '../../deps.js';
import { formatInstant } from '../../http/format-instant.js';
import { createValidationError } from '../../http/validate.js';
import type { NotificationInput, NotificationResponse } from './notifications.schemas.js';

/** A new notification's secret when the caller gives none: 32 random bytes, shown once. */
function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * A job's notifications as the API shows them. The secret is never read back: only `revealed` (the ones this
 * write set) carry it, so a client stores it from the answer to its create or update.
 */
export function toNotificationResponses(
  notifications: JobNotification[],
  zone: string,
  revealed: ReadonlySet<number> = new Set(),
): NotificationResponse[] {
  return notifications.map((notification) => ({
    id: notification.id,
    url: notification.url,
    events: notification.events,
    ...(revealed.has(notification.id) ? { secret: notification.secret } : {}),
    created_at: formatInstant(notification.createdAt, zone),
    updated_at: formatInstant(notification.updatedAt, zone),
  }));
}

/**
 * Checks that every `id` names one of the job's notifications (422 naming the field otherwise), before
 * anything is written.
 */
export function assertNotificationIds(items: NotificationInput[], existing: JobNotification[]): void {
  const known = new Set(existing.map((notification) => notification.id));
  const issues = items.flatMap((item, index) =>
    item.id !== undefined && !known.has(item.id)
      ? [{ path: `body.notifications.${index}.id`, message: `this job has no notification ${item.id}` }]
      : [],
  );
  if (issues.length > 0) throw createValidationError(issues);
}

/**
 * Writes the job's notifications (replacing them) and answers them with the secrets this write set: the
 * generated ones, and any the caller gave.
 */
export async function writeNotifications(
  deps: ApiDeps,
  jobId: number,
  items: NotificationInput[],
  zone: string,
): Promise<NotificationResponse[]> {
  const stored: StoredInput[] = items.map((item) => ({
    ...(item.id === undefined ? {} : { id: item.id }),
    url: item.url,
    events: item.events ?? [...NOTIFICATION_EVENTS],
    ...(item.secret !== undefined
      ? { secret: item.secret }
      : item.id === undefined
        ? { secret: generateSecret() }
        : {}),
  }));
  const written = await deps.db.notifications.replaceForJob(jobId, stored);
  const revealedSecrets = new Set(stored.flatMap((item) => (item.secret === undefined ? [] : [item.secret])));
  const revealed = new Set(written.filter((n) => revealedSecrets.has(n.secret)).map((n) => n.id));
  return toNotificationResponses(written, zone, revealed);
}

export function toDeliveryResponse(delivery: NotificationDelivery, zone: string) {
  return {
    id: delivery.id,
    notification_id: delivery.notificationId,
    execution_id: delivery.executionId,
    event: delivery.event,
    url: delivery.url,
    attempt: delivery.attempt,
    outcome: delivery.outcome,
    status_code: delivery.statusCode,
    error: delivery.error,
    duration_ms: delivery.durationMs,
    attempted_at: formatInstant(delivery.attemptedAt, zone),
  };
}
