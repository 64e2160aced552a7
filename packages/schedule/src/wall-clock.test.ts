import cronParser from 'cron-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oracleCronArbitrary } from '../test/helpers/arbitraries.js';
import { parseCron } from './parse-cron.js';
import { createWallMatcher } from './wall-clock.js';

const instantArbitrary = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) });

function cronParserNext(expression: string, after: number): number {
  return cronParser
    .parseExpression(expression, { currentDate: new Date(after), tz: 'UTC' })
    .next()
    .getTime();
}

function cronParserPrevious(expression: string, before: number): number {
  return cronParser
    .parseExpression(expression, { currentDate: new Date(before), tz: 'UTC' })
    .prev()
    .getTime();
}

describe('wall-clock matcher agrees with cron-parser 4.9.0 in UTC wherever the day rules do', () => {
  it('finds the same next match', () => {
    fc.assert(
      fc.property(oracleCronArbitrary, instantArbitrary, (expression, after) => {
        const cron = parseCron(expression);
        expect(new Date(cron.matcher.next(after) ?? 0).toISOString()).toBe(
          new Date(cronParserNext(expression, after)).toISOString(),
        );
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('finds the same previous match', () => {
    fc.assert(
      fc.property(oracleCronArbitrary, instantArbitrary, (expression, before) => {
        const cron = parseCron(expression);
        expect(new Date(cron.matcher.previous(before) ?? 0).toISOString()).toBe(
          new Date(cronParserPrevious(expression, before)).toISOString(),
        );
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('matches exactly the instants cron-parser steps on', () => {
    fc.assert(
      fc.property(oracleCronArbitrary, instantArbitrary, (expression, after) => {
        const cron = parseCron(expression);
        const hit = cronParserNext(expression, after);
        expect(cron.matcher.matches(hit)).toBe(true);
        expect(cron.matcher.matches(hit + 500)).toBe(false);
        // Every whole second strictly between `after` and the hit is a non-match.
        const probe = Math.floor(after / 1000) * 1000 + 1000;
        if (probe < hit) expect(cron.matcher.matches(probe)).toBe(false);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('crosses the non-leap 2100 to find February 29', () => {
    const cron = parseCron('0 0 29 2 *');
    expect(cron.matcher.next(Date.UTC(2097, 0, 1))).toBe(Date.UTC(2104, 1, 29));
    expect(cron.matcher.previous(Date.UTC(2104, 0, 1))).toBe(Date.UTC(2096, 1, 29));
  });

  it('gives up past its 30-year horizon instead of looping', () => {
    // February 31: parseCron rejects it, so build the fields by hand.
    const matcher = createWallMatcher(
      {
        second: [0],
        minute: [0],
        hour: [0],
        dayOfMonth: [31],
        month: [2],
        dayOfWeek: [0, 1, 2, 3, 4, 5, 6, 7],
      },
      0,
      { dayOfMonth: false, dayOfWeek: true },
    );
    expect(matcher.next(Date.UTC(2025, 0, 1))).toBeNull();
    expect(matcher.previous(Date.UTC(2025, 0, 1))).toBeNull();
  });
});
