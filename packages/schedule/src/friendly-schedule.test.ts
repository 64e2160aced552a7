import { ValidationError } from '@chronos/errors';
import { describe, expect, it } from 'vitest';
import { scheduleToCron } from './friendly-schedule.js';

function catchError(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('scheduleToCron', () => {
  it('converts Monday, Wednesday, Friday 8:30 to 30 8 * * 1,3,5 (DESIGN §3)', () => {
    expect(scheduleToCron({ days_of_week: ['monday', 'wednesday', 'friday'], hour: 8, minute: 30 })).toBe(
      '30 8 * * 1,3,5',
    );
  });

  it('keeps the order the days were given in (weekend as saturday, sunday → 6,0)', () => {
    expect(scheduleToCron({ days_of_week: ['saturday', 'sunday'], hour: 23, minute: 0 })).toBe(
      '0 23 * * 6,0',
    );
  });

  it('answers * for an empty day list (every day)', () => {
    expect(scheduleToCron({ days_of_week: [], hour: 0, minute: 0 })).toBe('0 0 * * *');
  });

  it('matches day names case-insensitively', () => {
    expect(scheduleToCron({ days_of_week: ['Sunday', 'TUESDAY'], hour: 5, minute: 59 })).toBe('59 5 * * 0,2');
  });

  it('rejects a day listed twice, naming its position', () => {
    const error = catchError(() =>
      scheduleToCron({ days_of_week: ['monday', 'Monday'], hour: 1, minute: 0 }),
    );
    expect(error.code).toBe('INVALID_SCHEDULE');
    expect(error.issues).toEqual([{ path: 'schedule.days_of_week.1', message: 'monday is listed twice' }]);
  });

  it('reports every problem at once', () => {
    const error = catchError(() => scheduleToCron({ days_of_week: ['funday'], hour: 24, minute: 7.5 }));
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'schedule.hour',
      'schedule.minute',
      'schedule.days_of_week.0',
    ]);
    expect(error.message).toContain('hour must be a whole number from 0 to 23, got 24');
    expect(error.message).toContain('"funday" is not a day');
  });

  it('rejects a days_of_week that is not a list', () => {
    const error = catchError(() =>
      scheduleToCron({ days_of_week: 'monday' as unknown as string[], hour: 1, minute: 1 }),
    );
    expect(error.issues).toEqual([
      { path: 'schedule.days_of_week', message: expect.stringContaining('list') },
    ]);
  });

  it('rejects negative hours and minutes', () => {
    expect(() => scheduleToCron({ days_of_week: [], hour: -1, minute: 0 })).toThrow(/hour must be/);
    expect(() => scheduleToCron({ days_of_week: [], hour: 0, minute: 60 })).toThrow(/minute must be/);
  });
});
