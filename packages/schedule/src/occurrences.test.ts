import { describe, expect, it } from 'vitest';
import { canonicalFireTime } from './occurrences.js';

const fire = (cron: string, zone: string, iso: string) =>
  canonicalFireTime(cron, zone, new Date(iso))?.toISOString() ?? null;

describe('canonicalFireTime', () => {
  it('keeps an ordinary tick as its own key', () => {
    expect(fire('30 8 * * 1,3,5', 'Europe/Rome', '2025-01-06T07:30:00Z')).toBe('2025-01-06T07:30:00.000Z');
  });

  it('drops the second pass of a repeated autumn hour for a restricted-hour schedule (Europe/Rome)', () => {
    expect(fire('30 2 * * *', 'Europe/Rome', '2025-10-26T00:30:00Z')).toBe('2025-10-26T00:30:00.000Z');
    expect(fire('30 2 * * *', 'Europe/Rome', '2025-10-26T01:30:00Z')).toBeNull();
  });

  it('drops the second pass on a 30-minute fold (Australia/Lord_Howe), which BullMQ’s default would fire', () => {
    expect(fire('45 1 * * *', 'Australia/Lord_Howe', '2025-04-05T14:45:00Z')).toBe(
      '2025-04-05T14:45:00.000Z',
    );
    expect(fire('45 1 * * *', 'Australia/Lord_Howe', '2025-04-05T15:15:00Z')).toBeNull();
  });

  it('keeps both passes for a schedule whose hour field is *', () => {
    expect(fire('0 * * * *', 'Europe/Rome', '2025-10-26T00:00:00Z')).toBe('2025-10-26T00:00:00.000Z');
    expect(fire('0 * * * *', 'Europe/Rome', '2025-10-26T01:00:00Z')).toBe('2025-10-26T01:00:00.000Z');
    expect(fire('30 * * * *', 'America/New_York', '2025-11-02T06:30:00Z')).toBe('2025-11-02T06:30:00.000Z');
  });

  it('keeps the shifted run of a time skipped in spring', () => {
    expect(fire('30 2 * * *', 'Europe/Rome', '2025-03-30T01:30:00Z')).toBe('2025-03-30T01:30:00.000Z');
    expect(fire('15 2 * * *', 'Australia/Lord_Howe', '2025-10-04T15:45:00Z')).toBe(
      '2025-10-04T15:45:00.000Z',
    );
    expect(fire('0 0 * * *', 'America/Santiago', '2025-09-07T04:00:00Z')).toBe('2025-09-07T04:00:00.000Z');
  });

  it('drops an instant the schedule does not contain (a tick queued before the cron changed)', () => {
    expect(fire('0 9 * * *', 'UTC', '2025-01-01T10:00:00Z')).toBeNull();
    expect(fire('0 9 * * *', 'UTC', '2025-01-01T09:00:30Z')).toBeNull();
    expect(fire('0 9 * * *', 'UTC', '2025-01-01T09:00:00.500Z')).toBeNull();
    expect(fire('0 9 * * 1', 'UTC', '2025-01-01T09:00:00Z')).toBeNull(); // a Wednesday
  });

  it('treats a shifted run that is also a regular fire as one run', () => {
    // 03:30 CEST on the spring day is both the shifted 02:30 and the real 03:30 of this schedule.
    expect(fire('30 2,3 * * *', 'Europe/Rome', '2025-03-30T01:30:00Z')).toBe('2025-03-30T01:30:00.000Z');
    // 03:00 CEST is not a fire of a 02:30 schedule.
    expect(fire('30 2 * * *', 'Europe/Rome', '2025-03-30T01:00:00Z')).toBeNull();
  });

  it('answers null for an invalid date and throws for a bad cron or zone', () => {
    expect(canonicalFireTime('0 9 * * *', 'UTC', new Date('nope'))).toBeNull();
    expect(() => canonicalFireTime('0 9 * * *', 'Nowhere/City', new Date(0))).toThrow(/IANA/);
    expect(() => canonicalFireTime('0 25 * * *', 'UTC', new Date(0))).toThrow(/out of range/);
  });
});
