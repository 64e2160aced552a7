import cronParser from 'cron-parser';
import fc from 'fast-check';
import { parseCron } from '../../src/parse-cron.js';

/** Expressions covering every field form we accept: lists, ranges, steps, names, 7, L, nL, #, ?, seconds. */
export const cronArbitrary = fc
  .tuple(
    fc.constantFrom('', '0 ', '*/20 ', '5,35 ', '10-12 '),
    fc.constantFrom('0', '*', '*/15', '5,40', '58-59', '7/20'),
    fc.constantFrom('*', '0', '2', '1-3', '*/6', '22-23', '8-17/3'),
    fc.constantFrom('*', '1', '15', '31', 'L', '1,15,L', '29', '*/10', '?'),
    fc.constantFrom('*', '2', 'JAN-MAR', '*/4', 'FEB,AUG', '12'),
    fc.constantFrom('*', '1-5', 'MON,WED,FRI', '0', '7', '5-7', '5L', '1,5L', '*/2', 'TUE#3', 'SUN#5', '?'),
  )
  .map(([second, minute, hour, dayOfMonth, month, dayOfWeek]) => {
    const week = dayOfWeek.includes('#') || (dayOfMonth === '?' && dayOfWeek === '?') ? '*' : dayOfWeek;
    const monthDay = dayOfWeek.includes('#') && dayOfMonth !== '?' ? '*' : dayOfMonth;
    return `${second}${minute} ${hour} ${monthDay} ${month} ${week}`;
  })
  .filter((expression) => {
    try {
      parseCron(expression);
      return true;
    } catch {
      return false;
    }
  });

/*
 * cron-parser as an oracle: it decides whether a day field is a wildcard by counting its values, Vixie cron
 * (our rule, src/day-rule.test.ts) by its first character, so they disagree when a day field is a stepped
 * star (`*\/10`, `*\/2`) and the other is restricted too; and it refuses `31 2 1`-style expressions that our
 * rule lets fire on the weekday. Tests that compare with cron-parser draw from this subset.
 */
function cronParserReadsLikeUs(expression: string): boolean {
  const [dayOfMonth = '*', , dayOfWeek = '*'] = expression.split(' ').slice(-3);
  const isSteppedStar = (field: string) => field.startsWith('*/');
  const isPlainStar = (field: string) => field === '*' || field === '?';
  const sameDayRule =
    !(isSteppedStar(dayOfMonth) || isSteppedStar(dayOfWeek)) ||
    isPlainStar(dayOfMonth) ||
    isPlainStar(dayOfWeek);
  if (!sameDayRule) return false;
  try {
    cronParser.parseExpression(expression, { tz: 'UTC' });
    return true;
  } catch {
    return false;
  }
}

/** `cronArbitrary` limited to expressions cron-parser 4.9.0 reads exactly as we do. */
export const oracleCronArbitrary = cronArbitrary.filter(cronParserReadsLikeUs);

/** IANA zones with every kind of offset change: none, one hour at 02:00, 30 minutes, at midnight, +13:45, +14. */
export const ZONES = [
  'UTC',
  'Europe/Rome',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/Santiago',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
] as const;
