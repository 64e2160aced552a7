import cronParser from 'cron-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oracleCronArbitrary, ZONES } from '../test/helpers/arbitraries.js';
import { DAY_NAMES, scheduleToCron } from './friendly-schedule.js';
import { nextRuns, previousRun } from './next-runs.js';
import { canonicalFireTime } from './occurrences.js';
import { validateCron } from './parse-cron.js';
import { scheduleDays } from './schedule-days.js';

/*
 * Properties checked against an independent reading of the rules: wall times come straight from
 * Intl.DateTimeFormat and cron matching from cron-parser in UTC, not from this package's own helpers.
 */

const HOUR = 3_600_000;

const formats = new Map<string, Intl.DateTimeFormat>();

function wallOf(zone: string, instant: number): number {
  const format =
    formats.get(zone) ??
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  formats.set(zone, format);
  const parts = format.formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

function cronMatchesWall(expression: string, wall: number): boolean {
  const next = cronParser
    .parseExpression(expression, { currentDate: new Date(wall - 1000), tz: 'UTC' })
    .next();
  return next.getTime() === wall;
}

function hourIsWildcard(expression: string): boolean {
  return (
    cronParser.parseExpression(expression, { currentDate: new Date(0), tz: 'UTC' }).fields.hour.length === 24
  );
}

/** Brute force over whole minutes: the policy of occurrences.ts, written out plainly. */
function bruteForceRuns(expression: string, zone: string, from: number, to: number): number[] {
  const runs = new Set<number>();
  const isWildcard = hourIsWildcard(expression);
  // Start three hours early: a gap just before `from` still shifts runs to after it.
  const start = from - 3 * HOUR;
  for (let instant = start + 60_000 - (start % 60_000); instant < to; instant += 60_000) {
    const wall = wallOf(zone, instant);
    const offset = wall - instant;
    if (cronMatchesWall(expression, wall)) {
      // A second pass: the same wall time already happened up to three hours earlier.
      const earlierOffset = wallOf(zone, instant - 3 * HOUR) - (instant - 3 * HOUR);
      const isSecondPass = earlierOffset > offset && wallOf(zone, wall - earlierOffset) === wall;
      if (!isSecondPass || isWildcard) runs.add(instant);
    }
    const previousOffset = wallOf(zone, instant - 60_000) - (instant - 60_000);
    for (let skipped = instant + previousOffset; skipped < wall; skipped += 60_000) {
      if (cronMatchesWall(expression, skipped)) runs.add(skipped - previousOffset);
    }
  }
  return [...runs].filter((run) => run > from && run < to).sort((a, b) => a - b);
}

/** Nights when clocks change in each zone (2025), to aim random windows at. */
const TRANSITIONS: Record<string, string[]> = {
  'Europe/Rome': ['2025-03-30T01:00:00Z', '2025-10-26T01:00:00Z'],
  'America/New_York': ['2025-03-09T07:00:00Z', '2025-11-02T06:00:00Z'],
  'Australia/Lord_Howe': ['2025-04-05T15:00:00Z', '2025-10-04T15:30:00Z'],
  'America/Santiago': ['2025-04-06T03:00:00Z', '2025-09-07T04:00:00Z'],
  'Pacific/Chatham': ['2025-04-05T14:00:00Z', '2025-09-27T14:00:00Z'],
};

describe('properties', () => {
  it('friendly format → cron → schedule_days gives the days back, in order', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...DAY_NAMES]),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (days, hour, minute) => {
          const cron = scheduleToCron({ days_of_week: days, hour, minute });
          expect(validateCron(cron)).toBe(cron);
          expect(scheduleDays(cron)).toEqual(days.length === 0 ? [...DAY_NAMES] : days);
          for (const run of nextRuns(cron, {
            timezone: 'UTC',
            from: new Date(Date.UTC(2025, 0, 1)),
            count: 5,
          })) {
            expect(run.getUTCHours()).toBe(hour);
            expect(run.getUTCMinutes()).toBe(minute);
            if (days.length > 0) expect(days).toContain(DAY_NAMES[run.getUTCDay()]);
          }
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it('next runs strictly increase and each one is a fire of the cron in its zone', () => {
    fc.assert(
      fc.property(
        oracleCronArbitrary,
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (expression, zone, from) => {
          const runs = nextRuns(expression, { timezone: zone, from: new Date(from), count: 20 }).map((run) =>
            run.getTime(),
          );
          expect(runs).toHaveLength(20);
          let previous = from;
          for (const run of runs) {
            expect(run).toBeGreaterThan(previous);
            previous = run;
            const wall = wallOf(zone, run);
            // Either the local clock shows a matching time, or the run is a skipped time shifted by its gap.
            const shiftedFrom = run + (wallOf(zone, run - 86_400_000) - (run - 86_400_000));
            expect(cronMatchesWall(expression, wall) || cronMatchesWall(expression, shiftedFrom)).toBe(true);
            expect(canonicalFireTime(expression, zone, new Date(run))?.getTime()).toBe(run);
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);

  it('previousRun walks the same sequence backwards', () => {
    fc.assert(
      fc.property(
        oracleCronArbitrary,
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (expression, zone, from) => {
          const [first, second] = nextRuns(expression, { timezone: zone, from: new Date(from), count: 2 });
          expect(previousRun(expression, { timezone: zone, before: second as Date })?.toISOString()).toBe(
            first?.toISOString(),
          );
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);

  it('matches a brute-force reading of the DST policy around real transitions', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          '30 2 * * *',
          '0 * * * *',
          '*/15 * * * *',
          '*/20 1-3 * * *',
          '45 1 * * *',
          '0 0 * * *',
          '15 2,3 * * *',
          '*/7 0-4 * * *',
        ),
        fc.constantFrom(...Object.keys(TRANSITIONS)),
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: -6 * 60, max: 2 * 60 }),
        (expression, zone, which, minutesBefore) => {
          const transition = Date.parse(TRANSITIONS[zone]?.[which] ?? '');
          const from = transition + minutesBefore * 60_000 - 1;
          const to = from + 8 * HOUR;
          const expected = bruteForceRuns(expression, zone, from, to);
          const actual = nextRuns(expression, { timezone: zone, from: new Date(from), count: 1000 })
            .map((run) => run.getTime())
            .filter((run) => run < to);
          expect(actual.map((run) => new Date(run).toISOString())).toEqual(
            expected.map((run) => new Date(run).toISOString()),
          );
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
