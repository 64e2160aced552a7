import { ValidationError } from '@chronos/errors';

/** Stable error codes of this package (never renamed: clients and logs key on them). */
export const SCHEDULE_ERROR_CODES = {
  invalidCron: 'INVALID_CRON',
  invalidSchedule: 'INVALID_SCHEDULE',
  invalidTimeZone: 'INVALID_TIMEZONE',
  invalidOptions: 'INVALID_SCHEDULE_OPTIONS',
} as const;

export type ScheduleErrorCode = (typeof SCHEDULE_ERROR_CODES)[keyof typeof SCHEDULE_ERROR_CODES];

/**
 * Builds the ValidationError every function here throws: one issue whose `path` is the API field a client
 * would correct (`cron_expression`, `timezone`, `schedule.hour`…), and a message a person can act on.
 */
export function createScheduleError(
  code: ScheduleErrorCode,
  path: string,
  message: string,
  cause?: unknown,
): ValidationError {
  return new ValidationError(message, {
    code,
    detail: message,
    issues: [{ path, message }],
    ...(cause === undefined ? {} : { cause }),
  });
}
