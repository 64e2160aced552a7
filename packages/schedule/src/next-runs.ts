import { createScheduleError, SCHEDULE_ERROR_CODES } from './errors.js';
import { findOccurrenceBefore, iterateOccurrencesAfter } from './occurrence-search.js';
import { parseCron } from './parse-cron.js';
import { assertTimeZone } from './time-zone.js';

/** Largest `count` `nextRuns` computes (the preview endpoint's bound, DESIGN §3). */
export const MAX_NEXT_RUNS = 1000;

export type NextRunsOptions = {
  /** IANA zone the cron's wall times are read in. */
  timezone: string;
  /** Runs strictly after this instant are returned. The caller passes "now": this package never reads the clock. */
  from: Date;
  /** How many runs, 1..1000. */
  count: number;
};

/**
 * The next `count` instants the schedule fires at after `from`, strictly increasing, under the DST policy
 * of occurrences.ts. Fewer are returned only when cron-parser's search limit is reached (a schedule firing
 * less than once in ~25 years). Throws a ValidationError for a bad cron, zone, `from` or `count`.
 */
export function nextRuns(cron: string, options: NextRunsOptions): Date[] {
  const parsed = parseCron(cron);
  assertTimeZone(options.timezone);
  const from = assertInstant(options.from, 'from');
  const { count } = options;
  if (!Number.isInteger(count) || count < 1 || count > MAX_NEXT_RUNS) {
    throw createScheduleError(
      SCHEDULE_ERROR_CODES.invalidOptions,
      'count',
      `count must be a whole number from 1 to ${MAX_NEXT_RUNS}, got ${String(count)}`,
    );
  }
  if (count === 1) {
    const first = firstFireAfter(cron, options.timezone, from);
    return first === undefined ? [] : [new Date(first)];
  }
  const runs: Date[] = [];
  for (const instant of iterateOccurrencesAfter(parsed, options.timezone, from)) {
    runs.push(new Date(instant));
    if (runs.length === count) break;
  }
  return runs;
}

export type PreviousRunOptions = {
  timezone: string;
  /** The run strictly before this instant is returned. */
  before: Date;
};

/** The last instant the schedule fired at before `before` (for misfire checks), or null if none is found. */
export function previousRun(cron: string, options: PreviousRunOptions): Date | null {
  const parsed = parseCron(cron);
  assertTimeZone(options.timezone);
  const before = assertInstant(options.before, 'before');
  const instant = findOccurrenceBefore(parsed, options.timezone, before);
  return instant === null ? null : new Date(instant);
}

/** The subset of BullMQ's `RepeatOptions` a repeat strategy reads. */
export type RepeatStrategyOptions = {
  pattern?: string | null;
  tz?: string | null;
  startDate?: Date | string | number | null;
  immediately?: boolean;
};

/**
 * A BullMQ `RepeatStrategy` (`settings.repeatStrategy` of Queue and Worker) that fires exactly what
 * `nextRuns` shows: the next occurrence strictly after `millis` (or after `startDate` when later), under the
 * DST policy. Same contract as BullMQ's `defaultRepeatStrategy` otherwise: it throws for an invalid pattern
 * (here a ValidationError, also for an invalid zone), answers `undefined` when there is no next run, and
 * answers `millis` for `immediately` (BullMQ passes "now" as `millis`; this package never reads the clock).
 * A missing `tz` means UTC here, where BullMQ would use the server's zone (DESIGN §4: always pass it).
 */
export function nextFireMillis(millis: number, options: RepeatStrategyOptions): number | undefined {
  const { pattern } = options;
  if (!pattern) return undefined;
  const parsed = parseCron(pattern);
  const timeZone = options.tz ?? 'UTC';
  assertTimeZone(timeZone, 'tz');
  if (options.immediately) return millis;
  const startMs = options.startDate == null ? Number.NaN : new Date(options.startDate).getTime();
  const after = Number.isNaN(startMs) ? millis : Math.max(startMs, millis);
  return firstFireAfter(pattern, timeZone, after, parsed);
}

/*
 * The first fire after an instant, by expression, zone and whole second. A burst is many jobs on one
 * expression (`0 0 * * *`) asking the same question at once: BullMQ's repeat strategy for each tick's
 * successor and `nextRunOf` for each job's `next_run`, and the walk costs microseconds each time (5 % of a
 * worker's CPU in a burst profile). Fires fall on whole seconds (wall times and zone offsets are whole
 * seconds), so every instant of one second has the same first fire after it; the answer never changes.
 */
const firstFireBySecond = new Map<string, number | undefined>();
const FIRST_FIRE_CACHE_LIMIT = 20_000;

function firstFireAfter(
  expression: string,
  timeZone: string,
  after: number,
  parsed = parseCron(expression),
): number | undefined {
  const key = `${expression}\u0000${timeZone}\u0000${Math.floor(after / 1000)}`;
  if (firstFireBySecond.has(key)) return firstFireBySecond.get(key);
  const next = iterateOccurrencesAfter(parsed, timeZone, after).next();
  const first = next.done ? undefined : next.value;
  if (firstFireBySecond.size >= FIRST_FIRE_CACHE_LIMIT) firstFireBySecond.clear();
  firstFireBySecond.set(key, first);
  return first;
}

function assertInstant(value: Date, path: string): number {
  const instant = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(instant)) {
    throw createScheduleError(SCHEDULE_ERROR_CODES.invalidOptions, path, `${path} must be a valid date`);
  }
  return instant;
}
