import { describe, expect, it } from 'vitest';
import { nextRunOf } from './next-run.js';

const from = new Date('2026-03-28T12:00:00Z');

describe('nextRunOf', () => {
  it('is the first fire time strictly after `from`, read in the job zone', () => {
    expect(
      nextRunOf({ enabled: true, cronExpression: '30 8 * * *', timezoneName: 'Europe/Rome' }, from),
    ).toEqual(new Date('2026-03-29T06:30:00Z'));
  });

  it('is null while the job is disabled', () => {
    expect(nextRunOf({ enabled: false, cronExpression: '* * * * *', timezoneName: 'UTC' }, from)).toBeNull();
  });

  it('is null for a stored cron or zone that no longer validates, instead of failing a read', () => {
    expect(nextRunOf({ enabled: true, cronExpression: 'not a cron', timezoneName: 'UTC' }, from)).toBeNull();
    expect(
      nextRunOf({ enabled: true, cronExpression: '* * * * *', timezoneName: 'Mars/Olympus' }, from),
    ).toBeNull();
  });
});
