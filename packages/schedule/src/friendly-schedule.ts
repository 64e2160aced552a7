import { createScheduleError, SCHEDULE_ERROR_CODES } from './errors.js';

/** Day names of the friendly format, index = cron day-of-week number (sunday = 0 … saturday = 6). */
export const DAY_NAMES = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;

export type DayName = (typeof DAY_NAMES)[number];

/** The API's friendly schedule (DESIGN §3): an empty `days_of_week` means every day. */
export type FriendlySchedule = { days_of_week: readonly string[]; hour: number; minute: number };

/**
 * Converts the friendly format to `"{minute} {hour} * * {dow}"`, days in the order given (DESIGN §3:
 * Monday, Wednesday, Friday 8:30 → `30 8 * * 1,3,5`; weekend as saturday, sunday → `… 6,0`), `*` when the
 * list is empty. Day names are matched case-insensitively. Throws a ValidationError listing every problem.
 */
export function scheduleToCron(schedule: FriendlySchedule): string {
  const issues: { path: string; message: string }[] = [];
  const { hour, minute } = schedule;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    issues.push({
      path: 'schedule.hour',
      message: `hour must be a whole number from 0 to 23, got ${String(hour)}`,
    });
  }
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) {
    issues.push({
      path: 'schedule.minute',
      message: `minute must be a whole number from 0 to 59, got ${String(minute)}`,
    });
  }
  const days = Array.isArray(schedule.days_of_week) ? schedule.days_of_week : [];
  if (!Array.isArray(schedule.days_of_week)) {
    issues.push({ path: 'schedule.days_of_week', message: 'days_of_week must be a list of day names' });
  }
  const numbers: number[] = [];
  for (const [index, day] of days.entries()) {
    const number = DAY_NAMES.indexOf(String(day).trim().toLowerCase() as DayName);
    if (number < 0) {
      issues.push({
        path: `schedule.days_of_week.${index}`,
        message: `"${String(day)}" is not a day; use ${DAY_NAMES.join(', ')}`,
      });
    } else if (numbers.includes(number)) {
      issues.push({
        path: `schedule.days_of_week.${index}`,
        message: `${DAY_NAMES[number]} is listed twice`,
      });
    } else {
      numbers.push(number);
    }
  }
  const [first] = issues;
  if (first) {
    const message = `invalid schedule: ${issues.map((issue) => issue.message).join('; ')}`;
    const error = createScheduleError(SCHEDULE_ERROR_CODES.invalidSchedule, first.path, message);
    error.issues.splice(0, error.issues.length, ...issues);
    throw error;
  }
  return `${minute} ${hour} * * ${numbers.length === 0 ? '*' : numbers.join(',')}`;
}
