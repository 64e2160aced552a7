import { createScheduleError, SCHEDULE_ERROR_CODES } from './errors.js';

/**
 * Time-zone arithmetic on IANA names through `Intl` (no tz database of our own, no clock).
 *
 * A "wall time" is a local calendar date and clock reading, carried as the number of milliseconds that the
 * same reading would have in UTC (so `Date.UTC(2025, 2, 30, 2, 30)` is the wall time 2025-03-30 02:30). An
 * "instant" is ordinary epoch milliseconds. `wall = instant + offset(instant)`.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function getFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * True when the runtime knows `name` as a time zone. Uses `new Intl.DateTimeFormat` on purpose:
 * `Intl.supportedValuesOf('timeZone')` omits valid names such as `UTC` and `Europe/Kyiv` (DESIGN §4).
 */
export function isValidTimeZone(name: string): boolean {
  if (typeof name !== 'string' || name.trim() === '') return false;
  try {
    getFormatter(name);
    return true;
  } catch {
    return false;
  }
}

/** Throws a ValidationError (path `timezone`) unless `name` is an IANA zone the runtime knows. */
export function assertTimeZone(name: string, path = 'timezone'): void {
  if (!isValidTimeZone(name)) {
    throw createScheduleError(
      SCHEDULE_ERROR_CODES.invalidTimeZone,
      path,
      `"${String(name)}" is not an IANA time zone; use a name such as Europe/Rome, America/New_York or UTC`,
    );
  }
}

/*
 * Offsets by zone and whole second. `formatToParts` costs a few microseconds and API answers format the same
 * instants (next run, last run, created, updated) on every read of a job: a profile of `GET /api/jobs` put 9 %
 * of the api's CPU here. The offset of a zone at a second never changes, so sharing is safe.
 */
const offsetsBySecond = new Map<string, number>();
const OFFSET_CACHE_LIMIT = 20_000;

/** The zone's UTC offset in milliseconds at `instant` (positive east of Greenwich). */
export function getZoneOffsetMs(timeZone: string, instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const key = `${timeZone} ${whole}`;
  const cached = offsetsBySecond.get(key);
  if (cached !== undefined) return cached;
  const offset = readZoneOffsetMs(timeZone, whole);
  if (offsetsBySecond.size >= OFFSET_CACHE_LIMIT) offsetsBySecond.clear();
  offsetsBySecond.set(key, offset);
  return offset;
}

function readZoneOffsetMs(timeZone: string, whole: number): number {
  const parts = getFormatter(timeZone).formatToParts(new Date(whole));
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of parts) {
    const value = Number(part.value);
    if (part.type === 'year') year = value;
    else if (part.type === 'month') month = value;
    else if (part.type === 'day') day = value;
    else if (part.type === 'hour') hour = value;
    else if (part.type === 'minute') minute = value;
    else if (part.type === 'second') second = value;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) - whole;
}

/** The wall time (see module comment) shown by clocks in `timeZone` at `instant`. */
export function getWallTime(timeZone: string, instant: number): number {
  return instant + getZoneOffsetMs(timeZone, instant);
}

/**
 * How far the zone's offset moves within a day either side of `instant`: 0 on ordinary days, the DST shift
 * (1 h, 30 min for Lord Howe…) near a transition. Assumes at most one transition per two days, which holds
 * for every zone in use today.
 */
export function getShiftNear(timeZone: string, instant: number): number {
  return Math.abs(getZoneOffsetMs(timeZone, instant + DAY_MS) - getZoneOffsetMs(timeZone, instant - DAY_MS));
}

/** What a wall time is in a zone: one instant, two (the repeated autumn hour), or none (the spring gap). */
export type ResolvedWallTime =
  | { kind: 'unique'; instant: number }
  | { kind: 'repeated'; earlier: number; later: number }
  | { kind: 'skipped'; instant: number };

/**
 * Maps a wall time to instants. A skipped wall time resolves to the instant it would have with the offset in
 * force before the gap, i.e. shifted forward by the length of the gap (02:30 on a 02:00→03:00 night becomes
 * 03:30 DST), the same instant luxon and so cron-parser and BullMQ pick.
 */
export function resolveWallTime(timeZone: string, wall: number): ResolvedWallTime {
  const offsetBefore = getZoneOffsetMs(timeZone, wall - DAY_MS);
  const offsetAfter = getZoneOffsetMs(timeZone, wall + DAY_MS);
  const candidates = [...new Set([wall - offsetBefore, wall - offsetAfter])]
    .filter((instant) => getWallTime(timeZone, instant) === wall)
    .sort((a, b) => a - b);
  const [first, second] = candidates;
  if (first === undefined) return { kind: 'skipped', instant: wall - Math.min(offsetBefore, offsetAfter) };
  if (second === undefined) return { kind: 'unique', instant: first };
  return { kind: 'repeated', earlier: first, later: second };
}
