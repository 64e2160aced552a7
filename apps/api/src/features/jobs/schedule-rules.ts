import { type FieldIssue, ValidationError } from '@chronos/errors';
import { describeCron, nextRuns, scheduleDays, scheduleToCron, validateCron } from '@chronos/schedule';
import { createValidationError } from '../../http/validate.js';
import type { ScheduleInput } from './jobs.schemas.js';

/**
 * The API's one doorway to `@chronos/schedule`: cron resolution, next runs and schedule descriptions. Its
 * ValidationErrors are re-pointed at the request field the value came from, so a 422's `errors[].path`
 * names what the caller sent.
 */

/** Message kept from the reference (clients match on it). */
export const SCHEDULE_REQUIRED_MESSAGE = 'A cron expression or schedule is required for job creation';

/** `schedule.hour` → `body.schedule.hour`; paths already under `body.` stay as they are. */
export function toBodyPath(path: string): string {
  return path.startsWith('body.') || path === 'body' ? path : `body.${path}`;
}

function repath(error: unknown, fallbackPath: string): never {
  if (error instanceof ValidationError) {
    const issues: FieldIssue[] =
      error.issues.length > 0
        ? error.issues.map((issue) => ({
            path: issue.path ? toBodyPath(issue.path) : fallbackPath,
            message: issue.message,
          }))
        : [{ path: fallbackPath, message: error.detail }];
    throw createValidationError(issues);
  }
  throw error;
}

/** A checked, normalised cron expression, or a 422 naming `body.cron_expression`. */
export function checkCronExpression(expression: string): string {
  try {
    return validateCron(expression);
  } catch (error) {
    return repath(error, 'body.cron_expression');
  }
}

/** The friendly format as cron (`"{minute} {hour} * * {dow}"`), or a 422 naming `body.schedule`. */
export function convertSchedule(schedule: ScheduleInput): string {
  try {
    return checkCronExpression(scheduleToCron(schedule));
  } catch (error) {
    return repath(error, 'body.schedule');
  }
}

/**
 * The cron a write stores: `cron_expression` wins over `schedule` (DESIGN §3); `isCronExpression` says which
 * input it came from. Undefined when the body carries neither.
 */
export function resolveCron(input: {
  cron_expression?: string | null | undefined;
  schedule?: ScheduleInput | null | undefined;
}): { cronExpression: string; isCronExpression: boolean } | undefined {
  if (input.cron_expression !== undefined && input.cron_expression !== null) {
    return { cronExpression: checkCronExpression(input.cron_expression), isCronExpression: true };
  }
  if (input.schedule) return { cronExpression: convertSchedule(input.schedule), isCronExpression: false };
  return undefined;
}

/** `count` fire times after `from`. */
export function computeNextRuns(cronExpression: string, timezone: string, from: Date, count: number): Date[] {
  return nextRuns(cronExpression, { timezone, from, count });
}

/**
 * A sentence for people. Reads must not fail on a row written outside the API (e.g. by hand in the
 * database) whose cron or zone no longer validates: such a row is described by quoting its cron.
 */
export function describeSchedule(cronExpression: string, timezone: string): string {
  try {
    return describeCron(cronExpression, { timezone });
  } catch {
    return `On cron schedule "${cronExpression}" (${timezone})`;
  }
}

/** The day names a cron fires on; empty for a cron that no longer validates (see describeSchedule). */
export function listScheduleDays(cronExpression: string): string[] {
  try {
    return scheduleDays(cronExpression);
  } catch {
    return [];
  }
}
