import { describe, expect, it } from 'vitest';
import { DAY_NAMES } from './friendly-schedule.js';
import { scheduleDays } from './schedule-days.js';

describe('scheduleDays', () => {
  it.each([
    ['30 8 * * 1,3,5', ['monday', 'wednesday', 'friday']],
    ['0 23 * * 6,0', ['saturday', 'sunday']],
    ['0 0 * * 1-5', ['monday', 'tuesday', 'wednesday', 'thursday', 'friday']],
    ['0 0 * * 5-7', ['friday', 'saturday', 'sunday']],
    ['0 0 * * 0-2', ['sunday', 'monday', 'tuesday']],
    ['0 0 * * */2', ['sunday', 'tuesday', 'thursday', 'saturday']],
    ['0 0 * * 1-5/2', ['monday', 'wednesday', 'friday']],
    ['0 0 * * 7', ['sunday']],
    ['0 0 * * 0,7', ['sunday']],
    ['0 0 * * MON,wed', ['monday', 'wednesday']],
    ['0 0 * * FRI-SAT', ['friday', 'saturday']],
    ['0 0 * * 5L', ['friday']],
    ['0 0 * * 1,5L', ['monday', 'friday']],
    ['0 0 * * TUE#3', ['tuesday']],
    ['0 0 10 * * 3', ['wednesday']],
  ])('%j → %j', (cron, days) => {
    expect(scheduleDays(cron)).toEqual(days);
  });

  it.each(['0 0 * * *', '0 0 1 * *', '0 0 ? * *', '0 0 1 * ?', '@daily'])(
    '%j → all seven, sunday first',
    (cron) => {
      expect(scheduleDays(cron)).toEqual([...DAY_NAMES]);
    },
  );

  it('rejects an invalid cron', () => {
    expect(() => scheduleDays('0 0 * * 9')).toThrow(/out of range 0-7/);
  });
});
