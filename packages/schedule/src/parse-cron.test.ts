import { ValidationError } from '@chronos/errors';
import { describe, expect, it } from 'vitest';
import { parseCron, validateCron } from './parse-cron.js';

function messageOf(expression: string): string {
  try {
    validateCron(expression);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const validation = error as ValidationError;
    expect(validation.code).toBe('INVALID_CRON');
    expect(validation.issues).toEqual([{ path: 'cron_expression', message: validation.message }]);
    return validation.message;
  }
  throw new Error(`expected ${JSON.stringify(expression)} to be rejected`);
}

describe('validateCron accepts standard cron and normalises it', () => {
  it.each([
    ['30 8 * * 1,3,5', '30 8 * * 1,3,5'],
    ['  */15   0-6 *  * *  ', '*/15 0-6 * * *'],
    ['0 9 * jan-mar mon-fri', '0 9 * JAN-MAR MON-FRI'],
    ['0 0 * * 7', '0 0 * * 7'],
    ['0 0 * * 0', '0 0 * * 0'],
    ['5-10/2 1,2,3 1-31/3 */2 *', '5-10/2 1,2,3 1-31/3 */2 *'],
    ['0 0 L * *', '0 0 L * *'],
    ['0 0 1,15,L * *', '0 0 1,15,L * *'],
    ['0 0 * * 5L', '0 0 * * 5L'],
    ['0 0 * * mon#2', '0 0 * * MON#2'],
    ['0 0 ? * MON', '0 0 ? * MON'],
    ['0 0 1 * ?', '0 0 1 * ?'],
    ['0 0 29 2 *', '0 0 29 2 *'],
    ['0 12 * * THU', '0 12 * * THU'],
    ['0 12 * JUL,AUG WED', '0 12 * JUL,AUG WED'],
    ['30 */5 8-18 * * 1-5', '30 */5 8-18 * * 1-5'],
    ['@daily', '0 0 * * *'],
    ['@Hourly', '0 * * * *'],
    ['@weekly', '0 0 * * 0'],
    ['@monthly', '0 0 1 * *'],
    ['@yearly', '0 0 1 1 *'],
    ['@annually', '0 0 1 1 *'],
    ['@midnight', '0 0 * * *'],
  ])('%j → %j', (input, normalised) => {
    expect(validateCron(input)).toBe(normalised);
  });

  it('marks schedules whose hour field covers every hour', () => {
    expect(parseCron('*/5 * * * *').isHourWildcard).toBe(true);
    expect(parseCron('0 0-23 * * *').isHourWildcard).toBe(true);
    expect(parseCron('0 */2 * * *').isHourWildcard).toBe(false);
    expect(parseCron('0 0 2 * * *').hasSeconds).toBe(true);
  });
});

describe('validateCron rejects, saying what to fix', () => {
  it.each([
    ['', 'cron expression is empty'],
    ['   ', 'cron expression is empty'],
    ['* * *', 'has 3 fields; use 5 (minute hour day-of-month month day-of-week) or 6 with seconds first'],
    ['0 0 0 1 1 * 2030', 'has 7 fields'],
    ['61 * * * *', 'minute "61": value 61 is out of range 0-59'],
    ['0 24 * * *', 'hour "24": value 24 is out of range 0-23'],
    ['0 0 0 * *', 'day-of-month "0": value 0 is out of range 1-31'],
    ['0 0 * 13 *', 'month "13": value 13 is out of range 1-12'],
    ['0 0 * * 8', 'day-of-week "8": value 8 is out of range 0-7 (0 and 7 are Sunday)'],
    ['60 0 0 * * *', 'second "60": value 60 is out of range 0-59'],
    ['H * * * *', 'H (hashed) values are not supported'],
    ['0 H(0-5) * * *', 'H (hashed) values are not supported'],
    ['0 0 LW * *', 'W (nearest weekday) is not supported'],
    ['0 0 15W * *', 'W (nearest weekday) is not supported'],
    ['0 0 L-2 * *', 'only L (last day of the month) is allowed'],
    ['0 0 * * L', 'write the last weekday of the month as a digit 0-7 followed by L'],
    ['0 0 * * FRIL', 'write the last weekday of the month as a digit 0-7 followed by L'],
    ['0 L * * *', 'L (last) is allowed only in day-of-month (L) and day-of-week (5L)'],
    ['0 0 * * 1#6', 'write the nth weekday as day#n with n 1-5'],
    ['0 0 * * 1#2,3', 'write the nth weekday as day#n with n 1-5'],
    ['0 0 * * 9#2', 'value 9 is out of range 0-7'],
    ['0 0 # * *', '# (nth weekday) is allowed only in day-of-week'],
    ['0 0 1 * MON#1', '(nth weekday) needs day-of-month * or ?, not "1"'],
    ['0 0 * 2 1#5', 'fires only once in 28 years'],
    ['0 0 ? * ?', 'cannot both be ?'],
    ['? 0 * * *', '? is allowed only as the whole day-of-month or day-of-week field'],
    ['0 0 1,? * *', '? must stand alone as the whole field'],
    ['*-5 * * * *', '"*" is not a value'],
    ['1-2-3 * * * *', 'is not a valid range'],
    ['-5 * * * *', '"-" is not a value'],
    ['*/0 * * * *', 'step "0" in */0 must be a whole number of at least 1'],
    ['*/x * * * *', 'step "X" in */X must be a whole number'],
    ['1/2/3 * * * *', 'has more than one /'],
    ['1,,2 * * * *', 'empty item in the list'],
    ['a * * * *', '"A" is not a number; use 0-59'],
    ['0 0 * FOO *', 'unknown name "FOO"; use JAN-DEC or 1-12'],
    ['0 0 * * MONDAY', 'unknown name "MONDAY"; use SUN-SAT or 0-7'],
    ['0 22-2 * * *', 'range 22-2 goes backwards; cron ranges cannot wrap around, split it (e.g. 22-23,0-2)'],
    ['0 0 * * MON-SUN', 'write Sunday as 7 at the end of a range (e.g. 1-7)'],
    ['0 0 31 4 *', 'never fires (no calendar date matches, e.g. February 30 or April 31)'],
    ['0 0 30 2 *', 'never fires'],
    ['0 0 31 2,4,6,9,11 *', 'never fires'],
    ['@reboot', 'unknown macro @REBOOT'],
  ])('%j', (input, expected) => {
    expect(messageOf(input)).toContain(expected);
  });

  it('quotes the expression as the person wrote it', () => {
    expect(messageOf(' 0 99 * * * ')).toBe(
      'cron expression "0 99 * * *": hour "99": value 99 is out of range 0-23',
    );
  });

  it('rejects a value that is not a string', () => {
    expect(messageOf(42 as unknown as string)).toContain('cron expression is empty');
  });
});
