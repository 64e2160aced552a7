import { ValidationError } from '@chronos/errors';
import { describe, expect, it } from 'vitest';
import { MAX_NEXT_RUNS, nextFireMillis, nextRuns, previousRun } from './next-runs.js';

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());
const runs = (cron: string, timezone: string, from: string, count: number) =>
  iso(nextRuns(cron, { timezone, from: new Date(from), count }));

describe('nextRuns on ordinary days', () => {
  it('lists the friendly-format example in UTC', () => {
    // 2025-01-01 is a Wednesday.
    expect(runs('30 8 * * 1,3,5', 'UTC', '2025-01-01T00:00:00Z', 4)).toEqual([
      '2025-01-01T08:30:00.000Z',
      '2025-01-03T08:30:00.000Z',
      '2025-01-06T08:30:00.000Z',
      '2025-01-08T08:30:00.000Z',
    ]);
  });

  it('starts strictly after from, even when from is itself a run', () => {
    expect(runs('0 9 * * *', 'UTC', '2025-01-01T09:00:00Z', 1)).toEqual(['2025-01-02T09:00:00.000Z']);
    expect(runs('0 9 * * *', 'UTC', '2025-01-01T08:59:59.999Z', 1)).toEqual(['2025-01-01T09:00:00.000Z']);
  });

  it('reads wall times in the zone, odd offsets included', () => {
    expect(runs('0 0 * * *', 'Asia/Kathmandu', '2025-01-01T00:00:00Z', 2)).toEqual([
      '2025-01-01T18:15:00.000Z',
      '2025-01-02T18:15:00.000Z',
    ]);
    expect(runs('0 0 * * *', 'Pacific/Kiritimati', '2025-01-01T00:00:00Z', 1)).toEqual([
      '2025-01-01T10:00:00.000Z',
    ]);
    expect(runs('30 8 * * 1', 'Europe/Rome', '2025-07-01T00:00:00Z', 1)).toEqual([
      '2025-07-07T06:30:00.000Z',
    ]);
  });

  it('skips months without the day (31st) and follows L to the last day', () => {
    expect(runs('0 0 31 * *', 'UTC', '2025-01-15T00:00:00Z', 4)).toEqual([
      '2025-01-31T00:00:00.000Z',
      '2025-03-31T00:00:00.000Z',
      '2025-05-31T00:00:00.000Z',
      '2025-07-31T00:00:00.000Z',
    ]);
    expect(runs('0 0 L * *', 'UTC', '2024-01-15T00:00:00Z', 4)).toEqual([
      '2024-01-31T00:00:00.000Z',
      '2024-02-29T00:00:00.000Z',
      '2024-03-31T00:00:00.000Z',
      '2024-04-30T00:00:00.000Z',
    ]);
  });

  it('finds leap days, skipping 2100 which is not one', () => {
    expect(runs('0 12 29 2 *', 'UTC', '2025-01-01T00:00:00Z', 2)).toEqual([
      '2028-02-29T12:00:00.000Z',
      '2032-02-29T12:00:00.000Z',
    ]);
    expect(runs('0 12 29 2 *', 'UTC', '2096-03-01T00:00:00Z', 1)).toEqual(['2104-02-29T12:00:00.000Z']);
  });

  it('handles nth and last weekdays', () => {
    expect(runs('0 10 * * MON#2', 'UTC', '2025-01-01T00:00:00Z', 3)).toEqual([
      '2025-01-13T10:00:00.000Z',
      '2025-02-10T10:00:00.000Z',
      '2025-03-10T10:00:00.000Z',
    ]);
    expect(runs('0 10 * * 5L', 'UTC', '2025-01-01T00:00:00Z', 2)).toEqual([
      '2025-01-31T10:00:00.000Z',
      '2025-02-28T10:00:00.000Z',
    ]);
  });

  it('fires either day field when both are restricted (cron OR rule, as cron-parser and BullMQ do)', () => {
    // The 1st of the month, or any Friday; 2025-02-01 is a Saturday.
    expect(runs('0 0 1 * 5', 'UTC', '2025-01-29T00:00:00Z', 3)).toEqual([
      '2025-01-31T00:00:00.000Z',
      '2025-02-01T00:00:00.000Z',
      '2025-02-07T00:00:00.000Z',
    ]);
  });

  it('supports six fields with seconds first', () => {
    expect(runs('*/20 * * * * *', 'UTC', '2025-01-01T00:00:00Z', 3)).toEqual([
      '2025-01-01T00:00:20.000Z',
      '2025-01-01T00:00:40.000Z',
      '2025-01-01T00:01:00.000Z',
    ]);
    expect(runs('15 30 9 * * *', 'Europe/Rome', '2025-01-01T00:00:00Z', 1)).toEqual([
      '2025-01-01T08:30:15.000Z',
    ]);
  });

  it('computes a thousand runs of a per-second schedule across a DST change', () => {
    const result = nextRuns('* * * * * *', {
      timezone: 'Europe/Rome',
      from: new Date('2025-10-26T00:59:00Z'),
      count: 1000,
    });
    expect(result).toHaveLength(1000);
    expect(result.at(-1)?.toISOString()).toBe('2025-10-26T01:15:40.000Z');
  });
});

describe('nextRuns on DST days (policy in occurrences.ts)', () => {
  it('Europe/Rome spring: a daily 02:30 runs once at 03:30 CEST', () => {
    expect(runs('30 2 * * *', 'Europe/Rome', '2025-03-29T12:00:00Z', 3)).toEqual([
      '2025-03-30T01:30:00.000Z',
      '2025-03-31T00:30:00.000Z',
      '2025-04-01T00:30:00.000Z',
    ]);
  });

  it('Europe/Rome spring: an hourly schedule has no 02:00 and no duplicate 03:00', () => {
    expect(runs('0 * * * *', 'Europe/Rome', '2025-03-29T23:30:00Z', 3)).toEqual([
      '2025-03-30T00:00:00.000Z', // 01:00 CET
      '2025-03-30T01:00:00.000Z', // 03:00 CEST (the missing 02:00 folds into it)
      '2025-03-30T02:00:00.000Z',
    ]);
  });

  it('Europe/Rome autumn: a daily 02:30 runs once, at the first pass', () => {
    expect(runs('30 2 * * *', 'Europe/Rome', '2025-10-25T12:00:00Z', 2)).toEqual([
      '2025-10-26T00:30:00.000Z',
      '2025-10-27T01:30:00.000Z',
    ]);
  });

  it('Europe/Rome autumn: from between the passes, the second pass is not a run', () => {
    expect(runs('30 2 * * *', 'Europe/Rome', '2025-10-26T01:10:00Z', 1)).toEqual([
      '2025-10-27T01:30:00.000Z',
    ]);
  });

  it('Europe/Rome autumn: every 30 minutes follows elapsed time through both passes', () => {
    expect(runs('*/30 * * * *', 'Europe/Rome', '2025-10-25T23:45:00Z', 6)).toEqual([
      '2025-10-26T00:00:00.000Z', // 02:00 CEST
      '2025-10-26T00:30:00.000Z', // 02:30 CEST
      '2025-10-26T01:00:00.000Z', // 02:00 CET
      '2025-10-26T01:30:00.000Z', // 02:30 CET
      '2025-10-26T02:00:00.000Z', // 03:00 CET
      '2025-10-26T02:30:00.000Z',
    ]);
  });

  it('Europe/Rome autumn: restricted hours run the repeated hour once', () => {
    expect(runs('*/30 1-3 * * *', 'Europe/Rome', '2025-10-25T22:45:00Z', 6)).toEqual([
      '2025-10-25T23:00:00.000Z', // 01:00 CEST
      '2025-10-25T23:30:00.000Z', // 01:30 CEST
      '2025-10-26T00:00:00.000Z', // 02:00 CEST
      '2025-10-26T00:30:00.000Z', // 02:30 CEST
      '2025-10-26T02:00:00.000Z', // 03:00 CET
      '2025-10-26T02:30:00.000Z', // 03:30 CET
    ]);
  });

  it('America/New_York: 02:30 runs at 03:30 EDT in March, 01:30 once in November', () => {
    expect(runs('30 2 * * *', 'America/New_York', '2025-03-08T12:00:00Z', 2)).toEqual([
      '2025-03-09T07:30:00.000Z',
      '2025-03-10T06:30:00.000Z',
    ]);
    expect(runs('30 1 * * *', 'America/New_York', '2025-11-01T12:00:00Z', 2)).toEqual([
      '2025-11-02T05:30:00.000Z',
      '2025-11-03T06:30:00.000Z',
    ]);
  });

  it('Australia/Lord_Howe spring (30-minute gap): 02:15 runs once at 02:45 +11', () => {
    expect(runs('15 2 * * *', 'Australia/Lord_Howe', '2025-10-03T12:00:00Z', 3)).toEqual([
      '2025-10-03T15:45:00.000Z', // Oct 4 02:15 +10:30
      '2025-10-04T15:45:00.000Z', // Oct 5 02:15 does not exist → 02:45 +11
      '2025-10-05T15:15:00.000Z', // Oct 6 02:15 +11
    ]);
  });

  it('Australia/Lord_Howe autumn (30-minute fold): 01:45 runs once', () => {
    expect(runs('45 1 * * *', 'Australia/Lord_Howe', '2025-04-04T12:00:00Z', 3)).toEqual([
      '2025-04-04T14:45:00.000Z',
      '2025-04-05T14:45:00.000Z', // first pass, +11
      '2025-04-06T15:15:00.000Z', // next day, +10:30
    ]);
  });

  it('Australia/Lord_Howe autumn: every 15 minutes in hours 1-3 keeps 03:00-03:45', () => {
    expect(runs('*/15 1-3 * * *', 'Australia/Lord_Howe', '2025-04-05T14:00:00Z', 12)).toEqual([
      '2025-04-05T14:15:00.000Z', // 01:15 +11
      '2025-04-05T14:30:00.000Z', // 01:30 +11 (first pass)
      '2025-04-05T14:45:00.000Z', // 01:45 +11 (first pass)
      '2025-04-05T15:30:00.000Z', // 02:00 +10:30
      '2025-04-05T15:45:00.000Z',
      '2025-04-05T16:00:00.000Z',
      '2025-04-05T16:15:00.000Z',
      '2025-04-05T16:30:00.000Z', // 03:00
      '2025-04-05T16:45:00.000Z',
      '2025-04-05T17:00:00.000Z',
      '2025-04-05T17:15:00.000Z', // 03:45
      '2025-04-06T14:30:00.000Z', // next day 01:00
    ]);
  });

  it('America/Santiago: a midnight job still runs on the night clocks skip midnight', () => {
    expect(runs('0 0 * * *', 'America/Santiago', '2025-09-05T12:00:00Z', 3)).toEqual([
      '2025-09-06T04:00:00.000Z', // 00:00 -04
      '2025-09-07T04:00:00.000Z', // 00:00 does not exist → 01:00 -03
      '2025-09-08T03:00:00.000Z', // 00:00 -03
    ]);
  });

  it('Asia/Kathmandu has no DST: a year of daily runs is exactly a day apart', () => {
    const result = nextRuns('45 5 * * *', {
      timezone: 'Asia/Kathmandu',
      from: new Date('2025-01-01T00:00:00Z'),
      count: 365,
    });
    for (let index = 1; index < result.length; index++) {
      expect((result[index] as Date).getTime() - (result[index - 1] as Date).getTime()).toBe(86_400_000);
    }
    expect(result[0]?.toISOString()).toBe('2025-01-02T00:00:00.000Z');
  });
});

describe('nextRuns argument checks', () => {
  it.each([0, -1, 1.5, MAX_NEXT_RUNS + 1, Number.NaN])('rejects count %s', (count) => {
    expect(() => nextRuns('* * * * *', { timezone: 'UTC', from: new Date(0), count })).toThrow(
      expect.objectContaining({
        code: 'INVALID_SCHEDULE_OPTIONS',
        issues: [expect.objectContaining({ path: 'count' })],
      }),
    );
  });

  it('rejects an invalid from, zone or cron', () => {
    expect(() => nextRuns('* * * * *', { timezone: 'UTC', from: new Date('nope'), count: 1 })).toThrow(
      /from must be a valid date/,
    );
    expect(() => nextRuns('* * * * *', { timezone: 'Nowhere/City', from: new Date(0), count: 1 })).toThrow(
      ValidationError,
    );
    expect(() => nextRuns('* * *', { timezone: 'UTC', from: new Date(0), count: 1 })).toThrow(/3 fields/);
  });
});

describe('previousRun', () => {
  it('finds the last run strictly before an instant', () => {
    expect(
      previousRun('0 9 * * *', { timezone: 'UTC', before: new Date('2025-01-02T09:00:00Z') })?.toISOString(),
    ).toBe('2025-01-01T09:00:00.000Z');
    expect(
      previousRun('0 9 * * *', {
        timezone: 'UTC',
        before: new Date('2025-01-02T09:00:00.001Z'),
      })?.toISOString(),
    ).toBe('2025-01-02T09:00:00.000Z');
  });

  it('sees the shifted run of a skipped time and the first pass of a repeated one', () => {
    expect(
      previousRun('30 2 * * *', {
        timezone: 'Europe/Rome',
        before: new Date('2025-03-30T12:00:00Z'),
      })?.toISOString(),
    ).toBe('2025-03-30T01:30:00.000Z');
    expect(
      previousRun('30 2 * * *', {
        timezone: 'Europe/Rome',
        before: new Date('2025-10-26T03:00:00Z'),
      })?.toISOString(),
    ).toBe('2025-10-26T00:30:00.000Z');
    expect(
      previousRun('*/30 * * * *', {
        timezone: 'Europe/Rome',
        before: new Date('2025-10-26T01:29:00Z'),
      })?.toISOString(),
    ).toBe('2025-10-26T01:00:00.000Z');
  });

  it('crosses month ends and leap days', () => {
    expect(
      previousRun('0 0 L * *', { timezone: 'UTC', before: new Date('2024-03-15T00:00:00Z') })?.toISOString(),
    ).toBe('2024-02-29T00:00:00.000Z');
  });

  it('rejects an invalid before', () => {
    expect(() => previousRun('* * * * *', { timezone: 'UTC', before: new Date('x') })).toThrow(
      /before must be/,
    );
  });
});

describe('nextFireMillis (BullMQ repeat strategy)', () => {
  const from = Date.parse('2025-10-26T01:10:00Z');

  it('never schedules the second pass after a late pickup inside the repeated hour', () => {
    expect(nextFireMillis(from, { pattern: '30 2 * * *', tz: 'Europe/Rome' })).toBe(
      Date.parse('2025-10-27T01:30:00Z'),
    );
  });

  it('starts from startDate when it is later', () => {
    expect(nextFireMillis(from, { pattern: '0 9 * * *', tz: 'UTC', startDate: '2026-01-01T00:00:00Z' })).toBe(
      Date.parse('2026-01-01T09:00:00Z'),
    );
    expect(nextFireMillis(from, { pattern: '0 9 * * *', tz: 'UTC', startDate: new Date(0) })).toBe(
      Date.parse('2025-10-26T09:00:00Z'),
    );
  });

  it('reads a missing zone as UTC and answers millis for immediately', () => {
    expect(nextFireMillis(from, { pattern: '0 9 * * *' })).toBe(Date.parse('2025-10-26T09:00:00Z'));
    expect(nextFireMillis(from, { pattern: '0 9 * * *', tz: 'UTC', immediately: true })).toBe(from);
  });

  it('answers undefined without a pattern and throws, as BullMQ does, for an invalid one or a bad zone', () => {
    expect(nextFireMillis(from, {})).toBeUndefined();
    expect(() => nextFireMillis(from, { pattern: '0 0 31 4 *', tz: 'UTC' })).toThrow(/never fires/);
    expect(() => nextFireMillis(from, { pattern: '0 9 * * *', tz: 'Nowhere/City' })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'tz' })] }),
    );
  });
});
