import { ValidationError } from '@chronos/errors';
import { describe, expect, it } from 'vitest';
import {
  assertTimeZone,
  getShiftNear,
  getWallTime,
  getZoneOffsetMs,
  isValidTimeZone,
  resolveWallTime,
} from './time-zone.js';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('isValidTimeZone / assertTimeZone', () => {
  it.each(['UTC', 'Europe/Rome', 'Europe/Kyiv', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'])(
    'accepts %s',
    (zone) => {
      expect(isValidTimeZone(zone)).toBe(true);
      expect(() => assertTimeZone(zone)).not.toThrow();
    },
  );

  it.each(['', '  ', 'Mars/Olympus_Mons', 'Europe/Rom', 'GMT+25'])(
    'rejects %j with an actionable message',
    (zone) => {
      expect(isValidTimeZone(zone)).toBe(false);
      const error = (() => {
        try {
          assertTimeZone(zone);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('INVALID_TIMEZONE');
      expect((error as ValidationError).issues).toEqual([
        { path: 'timezone', message: expect.stringContaining('is not an IANA time zone') },
      ]);
    },
  );

  it('names the field it was given', () => {
    expect(() => assertTimeZone('Nowhere/City', 'settings.timezone')).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'settings.timezone' })] }),
    );
  });
});

describe('offsets and wall times', () => {
  it('answers each second of a DST change the same from its cache as the first time', () => {
    // Rome leaves summer time at 01:00:00 UTC on 2025-10-26: one second before, +2 h; from then, +1 h.
    const seconds = Array.from({ length: 7200 }, (_, index) => at('2025-10-26T00:00:00Z') + index * 1000);
    const first = seconds.map((instant) => getZoneOffsetMs('Europe/Rome', instant + 250));
    const again = seconds.map((instant) => getZoneOffsetMs('Europe/Rome', instant));
    expect(again).toEqual(first);
    expect(getZoneOffsetMs('Europe/Rome', at('2025-10-26T00:59:59Z'))).toBe(2 * HOUR);
    expect(getZoneOffsetMs('Europe/Rome', at('2025-10-26T01:00:00Z'))).toBe(1 * HOUR);
    expect(getZoneOffsetMs('Europe/Kyiv', at('2025-10-26T01:00:00Z'))).toBe(2 * HOUR);
  });

  it('reads offsets east and west of Greenwich, including odd ones', () => {
    expect(getZoneOffsetMs('Europe/Rome', at('2025-01-15T12:00:00Z'))).toBe(1 * HOUR);
    expect(getZoneOffsetMs('Europe/Rome', at('2025-07-15T12:00:00Z'))).toBe(2 * HOUR);
    expect(getZoneOffsetMs('America/New_York', at('2025-01-15T12:00:00Z'))).toBe(-5 * HOUR);
    expect(getZoneOffsetMs('Asia/Kathmandu', at('2025-01-15T12:00:00Z'))).toBe(5.75 * HOUR);
    expect(getZoneOffsetMs('Australia/Lord_Howe', at('2025-01-15T12:00:00Z'))).toBe(11 * HOUR);
    expect(getZoneOffsetMs('Australia/Lord_Howe', at('2025-07-15T12:00:00Z'))).toBe(10.5 * HOUR);
  });

  it('turns an instant into the wall time local clocks show, keeping milliseconds', () => {
    expect(getWallTime('Asia/Kathmandu', at('2025-01-01T18:15:00.250Z'))).toBe(
      at('2025-01-02T00:00:00.250Z'),
    );
  });

  it('sees a shift only within a day of a transition', () => {
    expect(getShiftNear('Europe/Rome', at('2025-03-30T01:00:00Z'))).toBe(HOUR);
    expect(getShiftNear('Europe/Rome', at('2025-03-25T01:00:00Z'))).toBe(0);
    expect(getShiftNear('Australia/Lord_Howe', at('2025-10-04T15:30:00Z'))).toBe(HOUR / 2);
    expect(getShiftNear('Asia/Kathmandu', at('2025-10-04T15:30:00Z'))).toBe(0);
  });
});

describe('resolveWallTime', () => {
  it('maps an ordinary wall time to its one instant', () => {
    expect(resolveWallTime('Europe/Rome', at('2025-06-01T08:30:00Z'))).toEqual({
      kind: 'unique',
      instant: at('2025-06-01T06:30:00Z'),
    });
  });

  it('shifts a wall time inside the spring gap forward by the gap (02:30 → 03:30 CEST)', () => {
    expect(resolveWallTime('Europe/Rome', at('2025-03-30T02:30:00Z'))).toEqual({
      kind: 'skipped',
      instant: at('2025-03-30T01:30:00Z'),
    });
  });

  it('shifts by 30 minutes on Lord Howe Island (02:15 → 02:45 +11)', () => {
    expect(resolveWallTime('Australia/Lord_Howe', at('2025-10-05T02:15:00Z'))).toEqual({
      kind: 'skipped',
      instant: at('2025-10-04T15:45:00Z'),
    });
  });

  it('finds both passes of a repeated autumn time', () => {
    expect(resolveWallTime('America/New_York', at('2025-11-02T01:30:00Z'))).toEqual({
      kind: 'repeated',
      earlier: at('2025-11-02T05:30:00Z'),
      later: at('2025-11-02T06:30:00Z'),
    });
    expect(resolveWallTime('Australia/Lord_Howe', at('2025-04-06T01:45:00Z'))).toEqual({
      kind: 'repeated',
      earlier: at('2025-04-05T14:45:00Z'),
      later: at('2025-04-05T15:15:00Z'),
    });
  });
});
