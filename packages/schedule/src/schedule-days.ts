import cronParser from 'cron-parser';
import { DAY_NAMES, type DayName } from './friendly-schedule.js';
import { parseCron } from './parse-cron.js';

/**
 * The weekdays a cron's day-of-week field allows, as the API's `schedule_days` (DESIGN §3): `*` or `?` →
 * all seven, sunday..saturday; otherwise each list item in the order written, ranges and steps expanded
 * exactly as cron-parser (and so BullMQ) expands them, `7` read as sunday, `5L` and `MON#2` as their
 * weekday, duplicates dropped. The day-of-month field is not consulted (`0 0 1 * *` answers all seven).
 * Throws a ValidationError for an invalid cron.
 */
export function scheduleDays(cron: string): DayName[] {
  const dayOfWeek = parseCron(cron).fields.dayOfWeek ?? '*';
  if (dayOfWeek === '*' || dayOfWeek === '?') return [...DAY_NAMES];
  const days: DayName[] = [];
  const add = (number: number) => {
    const day = DAY_NAMES[number % 7];
    if (day && !days.includes(day)) days.push(day);
  };
  for (const item of dayOfWeek.split(',')) {
    const weekday = item.replace(/#\d$/, '').replace(/L$/, '');
    const values = cronParser.parseExpression(`0 0 * * ${weekday}`, { currentDate: new Date(0), tz: 'UTC' })
      .fields.dayOfWeek;
    // A range ending at 7 comes back from cron-parser with an extra 0 at the front: Sunday belongs at the end
    // there (5-7 is friday, saturday, sunday), unless the range itself starts on Sunday.
    const startsOnSunday = /^(\*|0|SUN)/.test(weekday);
    for (const value of values) {
      if (typeof value !== 'number') continue;
      if (value === 0 && values.includes(7) && !startsOnSunday) continue;
      add(value);
    }
  }
  return days;
}
