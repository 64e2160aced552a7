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
