import { describe, expect, it } from 'vitest';
import { formatInstant, formatOptionalInstant, formatStartTime } from './format-instant.js';

describe('formatInstant', () => {
  it('writes the local time of the zone with its colon offset', () => {
    expect(formatInstant(new Date('2025-04-14T06:30:00Z'), 'Europe/Rome')).toBe('2025-04-14T08:30:00+02:00');
    expect(formatInstant(new Date('2025-01-14T06:30:00Z'), 'Europe/Rome')).toBe('2025-01-14T07:30:00+01:00');
  });

  it('handles negative, fractional and zero offsets', () => {
    expect(formatInstant(new Date('2025-07-01T12:00:00Z'), 'America/New_York')).toBe(
      '2025-07-01T08:00:00-04:00',
    );
    expect(formatInstant(new Date('2025-07-01T12:00:00Z'), 'Asia/Kathmandu')).toBe(
      '2025-07-01T17:45:00+05:45',
    );
    expect(formatInstant(new Date('2025-07-01T12:00:00Z'), 'UTC')).toBe('2025-07-01T12:00:00+00:00');
  });

  it('crosses the date line into the next local day', () => {
    expect(formatInstant(new Date('2025-07-01T23:30:00Z'), 'Pacific/Kiritimati')).toBe(
      '2025-07-02T13:30:00+14:00',
    );
  });

  it('keeps milliseconds only when they are not zero', () => {
    expect(formatInstant(new Date('2025-07-01T12:00:00.250Z'), 'UTC')).toBe('2025-07-01T12:00:00.250+00:00');
  });

  it('renders the two sides of a fall-back hour with their own offsets', () => {
    expect(formatInstant(new Date('2025-10-26T00:30:00Z'), 'Europe/Rome')).toBe('2025-10-26T02:30:00+02:00');
    expect(formatInstant(new Date('2025-10-26T01:30:00Z'), 'Europe/Rome')).toBe('2025-10-26T02:30:00+01:00');
  });

  it('round-trips through Date parsing to the same instant', () => {
    const instant = new Date('2024-02-29T21:15:07Z');
    for (const zone of ['Australia/Lord_Howe', 'America/St_Johns', 'Europe/Kyiv']) {
      expect(new Date(formatInstant(instant, zone)).getTime()).toBe(instant.getTime());
    }
  });
});

describe('formatStartTime', () => {
  it('uses the reference shape without a colon in the offset', () => {
    expect(formatStartTime(new Date('2025-04-14T21:19:46Z'), 'Europe/Rome')).toBe('2025-04-14T23:19:46+0200');
  });
});

describe('formatOptionalInstant', () => {
  it('passes null through', () => {
    expect(formatOptionalInstant(null, 'UTC')).toBeNull();
  });
});
