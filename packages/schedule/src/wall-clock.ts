import type { CronFields } from 'cron-parser';

/**
 * Cron matching in wall-clock space (see time-zone.ts): plain UTC arithmetic over wall times, where no day
 * is 23 or 25 hours long. The fields come from cron-parser 4.9.0 (BullMQ's parser), so ranges, steps, names,
 * `7` and `L` mean what they mean to BullMQ. The two day fields combine as in Vixie cron (see DayFieldStars);
 * cron-parser instead counts a field's values to decide whether it is a wildcard, which makes `*\/2` in
 * day-of-month restricted. We search ourselves rather than call cron-parser's `next()` because that walks
 * second by second through luxon (about 3 ms per daily run, 3 s for a 1000-run preview); wall-clock.test.ts
 * proves both searches agree wherever the day rules do.
 */

/**
 * Vixie cron's day rule: a day field whose text starts with `*` (or is `?`) is unrestricted. When either
 * day field is unrestricted a day must match both (`0 0 *\/2 * 1` = odd days that are Mondays); when both
 * are restricted a day matching either fires (`0 0 1 * 5` = the 1st and every Friday; `1-31` counts as
 * restricted, so `0 0 1-31 * 1` fires every day).
 */
export type DayFieldStars = { dayOfMonth: boolean; dayOfWeek: boolean };

/** True when a day field's text leaves the day unrestricted in Vixie's sense. */
export function isUnrestrictedDayField(text: string | undefined): boolean {
  return text === undefined || text === '?' || text.startsWith('*');
}

export type WallMatcher = {
  /** True when the wall time fires (whole seconds only). */
  matches(wall: number): boolean;
  /** The first matching wall time strictly after `after`, or null within the search horizon. */
  next(after: number): number | null;
  /** The last matching wall time strictly before `before`, or null within the search horizon. */
  previous(before: number): number | null;
};

/** Beyond this many years without a match a search gives up (parseCron rejects such expressions). */
const HORIZON_YEARS = 30;

function toFlags(values: readonly (number | string)[], size: number, modulo?: number): boolean[] {
  const flags: boolean[] = Array.from({ length: size }, () => false);
  for (const value of values) {
    if (typeof value === 'number') flags[modulo ? value % modulo : value] = true;
  }
  return flags;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * Builds the matcher for cron-parser fields, its `nthDayOfWeek` option (from `n#k`, 0 when absent) and which
 * day fields were written unrestricted.
 */
export function createWallMatcher(
  fields: CronFields,
  nthDayOfWeek: number,
  dayFieldStars: DayFieldStars,
): WallMatcher {
  const seconds = toFlags(fields.second, 60);
  const minutes = toFlags(fields.minute, 60);
  const hours = toFlags(fields.hour, 24);
  const months = toFlags(fields.month, 13);
  const monthDays = toFlags(fields.dayOfMonth, 32);
  const weekDays = toFlags(fields.dayOfWeek, 7, 7);
  const hasLastDay = fields.dayOfMonth.some((value) => value === 'L');
  // cron-parser reads the weekday of `5L` from its first character.
  const lastWeekDays = (fields.dayOfWeek as readonly (number | string)[])
    .filter((value): value is string => typeof value === 'string' && value.endsWith('L'))
    .map((value) => Number.parseInt(value.charAt(0), 10) % 7);
  const mustMatchBoth = dayFieldStars.dayOfMonth || dayFieldStars.dayOfWeek;

  function isDay(year: number, month: number, day: number): boolean {
    const weekDay = new Date(Date.UTC(year, month, day)).getUTCDay();
    const monthLength = daysInMonth(year, month);
    const isMonthDayMatch = monthDays[day] === true || (hasLastDay && day === monthLength);
    const isWeekDayMatch =
      (weekDays[weekDay] === true || (lastWeekDays.includes(weekDay) && day + 7 > monthLength)) &&
      (nthDayOfWeek === 0 || Math.ceil(day / 7) === nthDayOfWeek);
    return mustMatchBoth ? isMonthDayMatch && isWeekDayMatch : isMonthDayMatch || isWeekDayMatch;
  }

  function matches(wall: number): boolean {
    if (wall % 1000 !== 0) return false;
    const date = new Date(wall);
    return (
      months[date.getUTCMonth() + 1] === true &&
      hours[date.getUTCHours()] === true &&
      minutes[date.getUTCMinutes()] === true &&
      seconds[date.getUTCSeconds()] === true &&
      isDay(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())
    );
  }

  function next(after: number): number | null {
    let t = Math.floor(after / 1000) * 1000 + 1000;
    const limitYear = new Date(t).getUTCFullYear() + HORIZON_YEARS;
    for (;;) {
      const d = new Date(t);
      const [Y, M, D, h, m, s] = [
        d.getUTCFullYear(),
        d.getUTCMonth(),
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
      ];
      if (Y > limitYear) return null;
      if (!months[M + 1]) t = Date.UTC(Y, M + 1, 1);
      else if (!isDay(Y, M, D)) t = Date.UTC(Y, M, D + 1);
      else if (!hours[h]) t = Date.UTC(Y, M, D, h + 1);
      else if (!minutes[m]) t = Date.UTC(Y, M, D, h, m + 1);
      else if (!seconds[s]) t = Date.UTC(Y, M, D, h, m, s + 1);
      else return t;
    }
  }

  function previous(before: number): number | null {
    let t = Math.ceil(before / 1000) * 1000 - 1000;
    const limitYear = new Date(t).getUTCFullYear() - HORIZON_YEARS;
    for (;;) {
      const d = new Date(t);
      const [Y, M, D, h, m, s] = [
        d.getUTCFullYear(),
        d.getUTCMonth(),
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
      ];
      if (Y < limitYear) return null;
      if (!months[M + 1]) t = Date.UTC(Y, M, 1) - 1000;
      else if (!isDay(Y, M, D)) t = Date.UTC(Y, M, D) - 1000;
      else if (!hours[h]) t = Date.UTC(Y, M, D, h) - 1000;
      else if (!minutes[m]) t = Date.UTC(Y, M, D, h, m) - 1000;
      else if (!seconds[s]) t = Date.UTC(Y, M, D, h, m, s) - 1000;
      else return t;
    }
  }

  return { matches, next, previous };
}

/** Yields the wall times a matcher fires at, strictly after (or before, going back) `startWall`. */
export function* iterateWallTimes(
  matcher: WallMatcher,
  startWall: number,
  direction: 'forward' | 'backward',
) {
  let cursor: number | null = startWall;
  for (;;) {
    cursor = direction === 'forward' ? matcher.next(cursor) : matcher.previous(cursor);
    if (cursor === null) return;
    yield cursor;
  }
}
