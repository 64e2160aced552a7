import { defaultRepeatStrategy } from 'bullmq';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextFireMillis } from './next-runs.js';
import { canonicalFireTime } from './occurrences.js';
import { getShiftNear } from './time-zone.js';

/*
 * BullMQ 5.81.5 computes a scheduler's next tick with its exported `defaultRepeatStrategy`
 * (`parseExpression(pattern, {...opts, currentDate}).next()` on cron-parser 4.9.0). These tests pin down
 * where our policy and BullMQ's default agree (everywhere but a few DST nights) and what the default does
 * on those nights, which is why the queue package installs `nextFireMillis` as its repeat strategy.
 */

const bullmq = (millis: number, pattern: string, tz: string) =>
  defaultRepeatStrategy(millis, { pattern, tz });
const at = (iso: string) => Date.parse(iso);
const isoOf = (millis: number | undefined) =>
  millis === undefined ? undefined : new Date(millis).toISOString();

const CRONS = [
  '30 8 * * 1,3,5',
  '0 * * * *',
  '*/15 * * * *',
  '30 2 * * *',
  '0 0 * * *',
  '15 10 1 * *',
  '0 0 L * *',
  '0 12 * * 5L',
  '0 9 * * MON#2',
  '0 0 29 2 *',
  '0 0 1,15 * 3',
  '*/20 * 8-17 * * 1-5',
  '45 59 23 31 12 *',
  '0 22-23 * JAN-MAR *',
  '5 4 * * SUN',
];
const ZONES = [
  'UTC',
  'Europe/Rome',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/Santiago',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
];

describe('agreement with BullMQ defaultRepeatStrategy', () => {
  it('gives the same next tick whenever no DST change is within a day of the start or the tick', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CRONS),
        fc.constantFrom(...ZONES),
        fc.integer({ min: at('2000-01-01T00:00:00Z'), max: at('2040-01-01T00:00:00Z') }),
        (pattern, tz, millis) => {
          const expected = bullmq(millis, pattern, tz);
          const actual = nextFireMillis(millis, { pattern, tz });
          fc.pre(
            expected !== undefined && getShiftNear(tz, millis) === 0 && getShiftNear(tz, expected) === 0,
          );
          expect(isoOf(actual)).toBe(isoOf(expected));
        },
      ),
      { numRuns: 400 },
    );
  }, 60_000);

  it('follows the same chain of ticks across both DST changes in zones with one-hour shifts at 02:00', () => {
    // cron-parser needs about 3 ms per tick, so each chain starts the evening before a transition.
    const starts = {
      'Europe/Rome': ['2025-03-29T18:00:00Z', '2025-10-25T18:00:00Z'],
      'America/New_York': ['2025-03-08T23:00:00Z', '2025-11-01T23:00:00Z'],
    };
    for (const [tz, froms] of Object.entries(starts)) {
      for (const from of froms) {
        for (const pattern of [
          '30 2 * * *',
          '0 2 * * *',
          '0 * * * *',
          '*/30 1-3 * * *',
          '15 1 * * 0',
          '0 3 * * *',
        ]) {
          let ours = at(from);
          let theirs = ours;
          for (let tick = 0; tick < 16; tick++) {
            ours = nextFireMillis(ours, { pattern, tz }) as number;
            theirs = bullmq(theirs, pattern, tz) as number;
            expect(`${tz} ${pattern} ${isoOf(ours)}`).toBe(`${tz} ${pattern} ${isoOf(theirs)}`);
          }
        }
      }
    }
  }, 30_000);

  it('shows where the default goes wrong: a late pickup inside the repeated hour schedules the second pass', () => {
    const lateStart = at('2025-10-26T01:10:00Z'); // 02:10 CET, after the 02:30 CEST run
    expect(isoOf(bullmq(lateStart, '30 2 * * *', 'Europe/Rome'))).toBe('2025-10-26T01:30:00.000Z');
    expect(canonicalFireTime('30 2 * * *', 'Europe/Rome', new Date(at('2025-10-26T01:30:00Z')))).toBeNull();
    expect(isoOf(nextFireMillis(lateStart, { pattern: '30 2 * * *', tz: 'Europe/Rome' }))).toBe(
      '2025-10-27T01:30:00.000Z',
    );
  });

  it('shows where the default goes wrong: the 30-minute gap on Lord Howe Island drops the run', () => {
    const from = at('2025-10-03T15:45:00Z'); // Oct 4 02:15 +10:30
    expect(isoOf(bullmq(from, '15 2 * * *', 'Australia/Lord_Howe'))).toBe('2025-10-05T15:15:00.000Z'); // Oct 6
    expect(isoOf(nextFireMillis(from, { pattern: '15 2 * * *', tz: 'Australia/Lord_Howe' }))).toBe(
      '2025-10-04T15:45:00.000Z', // Oct 5 02:45 +11
    );
  });

  it('shows where the default goes wrong: the 30-minute fold on Lord Howe Island fires 01:45 twice', () => {
    const firstPass = at('2025-04-05T14:45:00Z');
    const duplicate = bullmq(firstPass, '45 1 * * *', 'Australia/Lord_Howe') as number;
    expect(isoOf(duplicate)).toBe('2025-04-05T15:15:00.000Z');
    expect(canonicalFireTime('45 1 * * *', 'Australia/Lord_Howe', new Date(duplicate))).toBeNull();
    expect(isoOf(nextFireMillis(firstPass, { pattern: '45 1 * * *', tz: 'Australia/Lord_Howe' }))).toBe(
      '2025-04-06T15:15:00.000Z',
    );
  });

  it('shows where the default goes wrong: clocks skipping midnight in Santiago drop a midnight job', () => {
    const from = at('2025-09-06T04:00:00Z'); // Sep 6 00:00 -04
    expect(isoOf(bullmq(from, '0 0 * * *', 'America/Santiago'))).toBe('2025-09-08T03:00:00.000Z');
    expect(isoOf(nextFireMillis(from, { pattern: '0 0 * * *', tz: 'America/Santiago' }))).toBe(
      '2025-09-07T04:00:00.000Z',
    );
  });

  it('throws like the default for a pattern that is not cron', () => {
    expect(() => bullmq(0, 'not a cron', 'UTC')).toThrow();
    expect(() => nextFireMillis(0, { pattern: 'not a cron', tz: 'UTC' })).toThrow(
      /cron expression "not a cron"/,
    );
  });
});
