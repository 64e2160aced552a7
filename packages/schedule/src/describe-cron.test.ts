import { describe, expect, it } from 'vitest';
import { describeCron } from './describe-cron.js';

describe('describeCron', () => {
  it('describes the friendly-format example with its zone', () => {
    expect(describeCron('30 8 * * 1,3,5', { timezone: 'Europe/Rome' })).toBe(
      'At 08:30, only on Monday, Wednesday, and Friday (Europe/Rome)',
    );
  });

  it('describes seconds, last days and nth weekdays', () => {
    expect(describeCron('*/10 30 8 * * 1-5', { timezone: 'UTC' })).toBe(
      'Every 10 seconds, at 30 minutes past the hour, between 08:00 and 08:59, Monday through Friday (UTC)',
    );
    expect(describeCron('0 0 L * *', { timezone: 'UTC' })).toBe(
      'At 00:00, on the last day of the month (UTC)',
    );
    expect(describeCron('0 0 * * 5L', { timezone: 'UTC' })).toContain('on the last Friday of the month');
    expect(describeCron('0 0 * * MON#2', { timezone: 'UTC' })).toContain('on the second Monday of the month');
  });

  it('describes the normalised form of a macro', () => {
    expect(describeCron('@daily', { timezone: 'Asia/Kathmandu' })).toBe('At 00:00 (Asia/Kathmandu)');
  });

  it('rejects an invalid cron or zone', () => {
    expect(() => describeCron('0 0 31 4 *', { timezone: 'UTC' })).toThrow(/never fires/);
    expect(() => describeCron('0 0 * * *', { timezone: 'Nowhere/City' })).toThrow(/not an IANA time zone/);
  });
});
