import { describe, expect, it } from 'vitest';
import { mayNotify, notificationEventOf } from './notifications.js';

describe('notificationEventOf', () => {
  it('raises an alarm for failed, timed_out and missed whatever came before', () => {
    for (const status of ['failed', 'timed_out', 'missed'] as const) {
      expect(notificationEventOf(status, null)).toBe(status);
      expect(notificationEventOf(status, 'failed')).toBe(status);
    }
  });

  it('calls a success after an alarm a recovery, and no other success', () => {
    expect(notificationEventOf('succeeded', 'failed')).toBe('recovered');
    expect(notificationEventOf('succeeded', 'timed_out')).toBe('recovered');
    expect(notificationEventOf('succeeded', 'missed')).toBe('recovered');
    expect(notificationEventOf('succeeded', 'succeeded')).toBeNull();
    expect(notificationEventOf('succeeded', null)).toBeNull();
  });

  it('raises nothing for skipped or cancelled executions', () => {
    expect(notificationEventOf('skipped', 'failed')).toBeNull();
    expect(notificationEventOf('cancelled', 'failed')).toBeNull();
    expect(mayNotify('skipped')).toBe(false);
    expect(mayNotify('succeeded')).toBe(true);
  });
});
