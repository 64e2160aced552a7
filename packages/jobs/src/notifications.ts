import type { ExecutionStatus } from './model.js';

/**
 * What a job's outbound webhook can be told about: an execution that ended `failed`, `timed_out` or
 * `missed`, and `recovered` — the first `succeeded` execution after one of those.
 */
export const NOTIFICATION_EVENTS = ['failed', 'timed_out', 'missed', 'recovered'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** The outcomes that count for recovery: a run that ran (or should have), not a skipped or cancelled tick. */
export const NOTIFIABLE_OUTCOMES = [
  'succeeded',
  'failed',
  'timed_out',
  'missed',
] as const satisfies readonly ExecutionStatus[];

const ALARM: ReadonlySet<ExecutionStatus> = new Set(['failed', 'timed_out', 'missed']);

/** True for a final status that may raise a notification (an alarm, or a success that may be a recovery). */
export function mayNotify(status: ExecutionStatus): boolean {
  return status === 'succeeded' || ALARM.has(status);
}

/**
 * The event an execution's final `status` raises, given the job's previous outcome (the latest of
 * `NOTIFIABLE_OUTCOMES` before it; null when it has none): its own status for an alarm, `recovered` for a
 * success right after an alarm, nothing otherwise.
 */
export function notificationEventOf(
  status: ExecutionStatus,
  previousOutcome: ExecutionStatus | null,
): NotificationEvent | null {
  if (status === 'failed' || status === 'timed_out' || status === 'missed') return status;
  if (status === 'succeeded' && previousOutcome !== null && ALARM.has(previousOutcome)) return 'recovered';
  return null;
}

/** A job's outbound webhook as stored (the secret never leaves the api except in the write that set it). */
export type JobNotification = {
  id: number;
  jobId: number;
  url: string;
  events: NotificationEvent[];
  secret: string;
  createdAt: Date;
  updatedAt: Date;
};

export const DELIVERY_OUTCOMES = ['delivered', 'failed'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** One HTTP attempt at delivering one notification of one execution event. */
export type NotificationDelivery = {
  id: number;
  /** Null once the notification was removed from its job (its url is kept here). */
  notificationId: number | null;
  jobId: number;
  executionId: number;
  event: NotificationEvent;
  url: string;
  attempt: number;
  outcome: DeliveryOutcome;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  attemptedAt: Date;
};
