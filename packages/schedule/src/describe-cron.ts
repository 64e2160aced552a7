import cronstrue from 'cronstrue';
import { parseCron } from './parse-cron.js';
import { assertTimeZone } from './time-zone.js';

export type DescribeCronOptions = { timezone: string };

/**
 * A sentence for people, e.g. `At 08:30, only on Monday, Wednesday, and Friday (Europe/Rome)`, from
 * cronstrue with a 24-hour clock and Sunday = 0. Falls back to quoting the expression for the few forms
 * cronstrue cannot phrase. Throws a ValidationError for an invalid cron or zone.
 */
export function describeCron(cron: string, options: DescribeCronOptions): string {
  const { expression } = parseCron(cron);
  assertTimeZone(options.timezone);
  let text: string;
  try {
    text = cronstrue.toString(expression, {
      use24HourTimeFormat: true,
      dayOfWeekStartIndexZero: true,
      throwExceptionOnParseError: true,
      locale: 'en',
    });
  } catch {
    // cronstrue is stricter than cron-parser on a few valid forms (e.g. day-of-week ranges up to 7).
    text = `On cron schedule "${expression}"`;
  }
  return `${text} (${options.timezone})`;
}
