import { ValidationError } from '@chronos/errors';
import { describe, expect, it } from 'vitest';
import { describeSchedule, listScheduleDays, resolveCron } from './schedule-rules.js';

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
}

describe('resolveCron', () => {
  it('converts the friendly format (the seed example)', () => {
    expect(
      resolveCron({ schedule: { days_of_week: ['monday', 'wednesday', 'friday'], hour: 8, minute: 30 } }),
    ).toEqual({ cronExpression: '30 8 * * 1,3,5', isCronExpression: false });
  });

  it('keeps the order of the days and uses * for an empty list', () => {
    expect(resolveCron({ schedule: { days_of_week: ['saturday', 'sunday'], hour: 9, minute: 0 } })).toEqual({
      cronExpression: '0 9 * * 6,0',
      isCronExpression: false,
    });
    expect(resolveCron({ schedule: { days_of_week: [], hour: 0, minute: 5 } })?.cronExpression).toBe(
      '5 0 * * *',
    );
  });

  it('lets cron_expression win when both are given', () => {
    expect(
      resolveCron({ cron_expression: '15 * * * *', schedule: { days_of_week: [], hour: 1, minute: 0 } }),
    ).toEqual({ cronExpression: '15 * * * *', isCronExpression: true });
  });

  it('answers undefined when neither is given (null counts as absent)', () => {
    expect(resolveCron({})).toBeUndefined();
    expect(resolveCron({ cron_expression: null, schedule: null })).toBeUndefined();
  });

  it('points cron problems at body.cron_expression', () => {
    for (const cron of ['61 * * * *', 'H 8 * * *', '0 0 30 2 *', 'every day']) {
      const issues = issuesOf(() => resolveCron({ cron_expression: cron }));
      expect(issues.length).toBeGreaterThan(0);
      for (const issue of issues) expect(issue.path).toMatch(/^body\.cron_expression/);
    }
  });

  it('points friendly-format problems at the schedule field', () => {
    const issues = issuesOf(() =>
      resolveCron({ schedule: { days_of_week: ['monday', 'monday'], hour: 8, minute: 0 } }),
    );
    expect(issues[0]?.path).toMatch(/^body\.schedule/);
  });
});

describe('reads of stored crons', () => {
  it('never throw on a cron that no longer validates', () => {
    expect(describeSchedule('not a cron', 'UTC')).toBe('On cron schedule "not a cron" (UTC)');
    expect(listScheduleDays('not a cron')).toEqual([]);
  });

  it('describe a valid cron with its zone and list its days', () => {
    expect(describeSchedule('30 8 * * 1,3,5', 'Europe/Rome')).toContain('(Europe/Rome)');
    expect(listScheduleDays('30 8 * * 1,3,5')).toEqual(['monday', 'wednesday', 'friday']);
  });
});
