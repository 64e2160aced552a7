import { describe, expect, it } from 'vitest';
import { nextFireMillis, nextRuns } from './next-runs.js';
import { validateCron } from './parse-cron.js';

/*
 * The Vixie cron day rule (wall-clock.ts, DayFieldStars), checked on both paths that must agree: the preview
 * and next_run (`nextRuns`) and the actual firing (`nextFireMillis`, BullMQ's repeat strategy on the runs
 * queue).
 */

const dates = (pattern: string, from: string, count: number) =>
  nextRuns(pattern, { timezone: 'UTC', from: new Date(from), count }).map((date) =>
    date.toISOString().slice(0, 10),
  );

function firedDates(pattern: string, from: string, count: number): string[] {
  const fired: string[] = [];
  let cursor = Date.parse(from);
  for (let index = 0; index < count; index++) {
    const next = nextFireMillis(cursor, { pattern, tz: 'UTC' });
    if (next === undefined) break;
    fired.push(new Date(next).toISOString().slice(0, 10));
    cursor = next;
  }
  return fired;
}

const bothPaths = (pattern: string, from: string, count: number) => {
  const previewed = dates(pattern, from, count);
  expect(firedDates(pattern, from, count)).toEqual(previewed);
  return previewed;
};

describe('day-of-month and day-of-week (Vixie cron)', () => {
  it('accepts both day fields restricted on a date February never has: either field fires', () => {
    expect(validateCron('0 0 31 2 1')).toBe('0 0 31 2 1');
    expect(validateCron('0 0 30 2 1-5')).toBe('0 0 30 2 1-5');
    // The Mondays of February 2027.
    expect(bothPaths('0 0 31 2 1', '2026-12-02T00:00:00Z', 5)).toEqual([
      '2027-02-01',
      '2027-02-08',
      '2027-02-15',
      '2027-02-22',
      '2028-02-07',
    ]);
    // Weekdays of February only.
    expect(bothPaths('0 0 30 2 1-5', '2027-02-25T12:00:00Z', 3)).toEqual([
      '2027-02-26',
      '2028-02-01',
      '2028-02-02',
    ]);
  });

  it('still rejects a date that never exists when day-of-week is unrestricted', () => {
    expect(() => validateCron('0 0 30 2 *')).toThrow(/never fires/);
    expect(() => validateCron('0 0 31 2 ?')).toThrow(/never fires/);
    expect(() => validateCron('0 0 31 4,6 *')).toThrow(/never fires/);
  });

  it('treats a stepped star as unrestricted: both fields must match', () => {
    // Odd days of the month that are Mondays: 2027-02-01, 2027-02-15, 2027-03-01, 2027-03-15, 2027-03-29.
    expect(bothPaths('0 0 */2 * 1', '2027-01-31T00:00:00Z', 5)).toEqual([
      '2027-02-01',
      '2027-02-15',
      '2027-03-01',
      '2027-03-15',
      '2027-03-29',
    ]);
    // The 2nd when it is a Sunday, Tuesday, Thursday or Saturday (`*/2` in day-of-week is 0,2,4,6).
    expect(bothPaths('0 0 2 * */2', '2027-01-01T00:00:00Z', 4)).toEqual([
      '2027-01-02',
      '2027-02-02',
      '2027-03-02',
      '2027-05-02',
    ]);
  });

  it('treats 1-31 as restricted: with a weekday it fires every day', () => {
    expect(bothPaths('0 0 1-31 * 1', '2027-02-01T12:00:00Z', 4)).toEqual([
      '2027-02-02',
      '2027-02-03',
      '2027-02-04',
      '2027-02-05',
    ]);
  });

  it('keeps the OR of two restricted fields and the AND with a plain star', () => {
    // The 1st, or any Friday (2027-01-01 is a Friday, 2027-02-01 a Monday).
    expect(bothPaths('0 0 1 * 5', '2027-01-20T00:00:00Z', 3)).toEqual([
      '2027-01-22',
      '2027-01-29',
      '2027-02-01',
    ]);
    expect(bothPaths('0 0 * * 5', '2027-01-20T00:00:00Z', 2)).toEqual(['2027-01-22', '2027-01-29']);
    expect(bothPaths('0 0 13 * *', '2027-01-20T00:00:00Z', 2)).toEqual(['2027-02-13', '2027-03-13']);
  });

  it('keeps nth and last weekdays, which need an unrestricted day of month', () => {
    expect(bothPaths('0 9 * * MON#2', '2027-01-01T00:00:00Z', 2)).toEqual(['2027-01-11', '2027-02-08']);
    expect(bothPaths('0 9 ? * 5L', '2027-01-01T00:00:00Z', 2)).toEqual(['2027-01-29', '2027-02-26']);
  });
});
