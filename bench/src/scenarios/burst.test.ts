import { describe, expect, it } from 'vitest';
import { cronForInstant, estimateLeadMs } from './burst.js';

describe('cronForInstant', () => {
  it('writes the UTC second, minute, hour, day and month of the instant as a 6-field cron', () => {
    expect(cronForInstant(Date.parse('2026-11-27T21:49:08.000Z'))).toBe('8 49 21 27 11 *');
    expect(cronForInstant(Date.parse('2027-01-01T00:00:00.000Z'))).toBe('0 0 0 1 1 *');
  });
});

describe('estimateLeadMs', () => {
  it('grows with the number of jobs to seed and install', () => {
    expect(estimateLeadMs(10_000)).toBeGreaterThan(estimateLeadMs(300));
    expect(estimateLeadMs(0)).toBeGreaterThan(0);
  });
});
