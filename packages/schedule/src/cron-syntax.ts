/**
 * Our own reading of a cron expression, field by field, for two reasons: messages a person can act on
 * ("hour value 24 is out of range 0-23") instead of cron-parser's, and rejecting what cron-parser 4.9.0
 * would accept but mis-handle (it reads `*-5` as `0-59`, treats `?` anywhere as `*`, lets `#` combine with a
 * day of month in a way no other cron does). cron-parser still has the last word: `parseCron` runs it after
 * this check, so anything accepted here is also accepted by BullMQ.
 */

export type CronFieldName = 'second' | 'minute' | 'hour' | 'dayOfMonth' | 'month' | 'dayOfWeek';

type FieldSpec = { name: CronFieldName; label: string; min: number; max: number; names?: readonly string[] };

const MONTH_NAMES = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
] as const;
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

const SPECS: Record<CronFieldName, FieldSpec> = {
  second: { name: 'second', label: 'second', min: 0, max: 59 },
  minute: { name: 'minute', label: 'minute', min: 0, max: 59 },
  hour: { name: 'hour', label: 'hour', min: 0, max: 23 },
  dayOfMonth: { name: 'dayOfMonth', label: 'day-of-month', min: 1, max: 31 },
  month: { name: 'month', label: 'month', min: 1, max: 12, names: MONTH_NAMES },
  dayOfWeek: { name: 'dayOfWeek', label: 'day-of-week', min: 0, max: 7, names: DAY_NAMES },
};

const FIVE_FIELDS: readonly CronFieldName[] = ['minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'];
const SIX_FIELDS: readonly CronFieldName[] = ['second', ...FIVE_FIELDS];

/** The macros cron-parser 4.9.0 understands, expanded so stored expressions are always plain fields. */
const MACROS: Readonly<Record<string, string>> = {
  '@YEARLY': '0 0 1 1 *',
  '@ANNUALLY': '0 0 1 1 *',
  '@MONTHLY': '0 0 1 * *',
  '@WEEKLY': '0 0 * * 0',
  '@DAILY': '0 0 * * *',
  '@MIDNIGHT': '0 0 * * *',
  '@HOURLY': '0 * * * *',
};

/** A syntax problem found in an expression; `parseCron` turns it into a ValidationError. */
export class CronSyntaxProblem {
  constructor(readonly message: string) {}
}

/** The fields of a syntactically valid expression, upper-cased and single-spaced. */
export type CronSyntax = {
  fields: Partial<Record<CronFieldName, string>>;
  normalized: string;
  hasSeconds: boolean;
};

/** Splits, checks and normalises an expression; returns a problem instead of throwing. */
export function readCronSyntax(expression: string): CronSyntax | CronSyntaxProblem {
  if (typeof expression !== 'string' || expression.trim() === '') {
    return new CronSyntaxProblem('cron expression is empty');
  }
  let text = expression.trim().replace(/\s+/g, ' ').toUpperCase();
  if (text.startsWith('@')) {
    const expanded = MACROS[text];
    if (!expanded) {
      return new CronSyntaxProblem(
        `unknown macro ${text}; use @yearly, @monthly, @weekly, @daily, @hourly or five cron fields`,
      );
    }
    text = expanded;
  }
  const parts = text.split(' ');
  if (parts.length !== 5 && parts.length !== 6) {
    return new CronSyntaxProblem(
      `cron expression has ${parts.length} field${parts.length === 1 ? '' : 's'}; use 5 (minute hour ` +
        'day-of-month month day-of-week) or 6 with seconds first',
    );
  }
  const names = parts.length === 6 ? SIX_FIELDS : FIVE_FIELDS;
  const fields: Partial<Record<CronFieldName, string>> = {};
  for (const [index, name] of names.entries()) {
    const value = parts[index] ?? '';
    const problem = checkField(SPECS[name], value);
    if (problem) return new CronSyntaxProblem(problem);
    fields[name] = value;
  }
  const crossProblem = checkDayFields(fields.dayOfMonth ?? '*', fields.dayOfWeek ?? '*', fields.month ?? '*');
  if (crossProblem) return new CronSyntaxProblem(crossProblem);
  return { fields, normalized: parts.join(' '), hasSeconds: parts.length === 6 };
}

function checkField(spec: FieldSpec, value: string): string | undefined {
  // Month and weekday names contain H, W and L (THU, WED, JUL): look for those letters outside names only.
  const letters = stripNames(spec, value);
  if (letters.includes('H')) {
    return `${spec.label} "${value}": H (hashed) values are not supported because BullMQ would pick a new random value on every run; write a fixed number`;
  }
  if (letters.includes('W')) {
    return `${spec.label} "${value}": W (nearest weekday) is not supported; list the days explicitly`;
  }
  if (value === '?') {
    if (spec.name === 'dayOfMonth' || spec.name === 'dayOfWeek') return undefined;
    return `${spec.label} "?": ? is allowed only as the whole day-of-month or day-of-week field`;
  }
  if (value.includes('?')) return `${spec.label} "${value}": ? must stand alone as the whole field`;
  if (value.includes('#')) return checkNth(spec, value);
  for (const item of value.split(',')) {
    if (item === '') return `${spec.label} "${value}": empty item in the list`;
    const problem = stripNames(spec, item).includes('L') ? checkLast(spec, item) : checkItem(spec, item);
    if (problem) return `${spec.label} "${value}": ${problem}`;
  }
  return undefined;
}

function stripNames(spec: FieldSpec, value: string): string {
  const names = spec.names;
  return names ? value.replace(/[A-Z]{3}/g, (match) => (names.includes(match) ? '' : match)) : value;
}

/** `L` (last day of the month) in day-of-month, `5L` (last Friday) in day-of-week: what cron-parser 4.9.0 supports. */
function checkLast(spec: FieldSpec, item: string): string | undefined {
  if (spec.name === 'dayOfMonth') {
    return item === 'L' ? undefined : `${item} is not supported; only L (last day of the month) is allowed`;
  }
  if (spec.name === 'dayOfWeek') {
    return /^[0-7]L$/.test(item)
      ? undefined
      : `${item}: write the last weekday of the month as a digit 0-7 followed by L, e.g. 5L`;
  }
  return `${item}: L (last) is allowed only in day-of-month (L) and day-of-week (5L)`;
}

function checkItem(spec: FieldSpec, item: string): string | undefined {
  const [range, step, extra] = item.split('/');
  if (extra !== undefined) return `${item} has more than one /`;
  if (step !== undefined && (!/^\d+$/.test(step) || Number(step) < 1)) {
    return `step "${step}" in ${item} must be a whole number of at least 1`;
  }
  if (range === '*') return undefined;
  const bounds = (range ?? '').split('-');
  if (bounds.length > 2) return `${item} is not a valid range; write a-b`;
  const values: number[] = [];
  for (const token of bounds) {
    const value = readValue(spec, token);
    if (typeof value === 'string') return value;
    values.push(value);
  }
  const [low, high] = values;
  if (low !== undefined && high !== undefined && low > high) {
    if (spec.name === 'dayOfWeek' && high === 0) {
      return `range ${range} goes backwards; write Sunday as 7 at the end of a range (e.g. ${low}-7)`;
    }
    return `range ${range} goes backwards; cron ranges cannot wrap around, split it (e.g. ${low}-${spec.max},${spec.min}-${high})`;
  }
  return undefined;
}

function readValue(spec: FieldSpec, token: string): number | string {
  if (token === '' || token === '*')
    return `"${token || '-'}" is not a value; use a number ${spec.min}-${spec.max}`;
  if (/^\d+$/.test(token)) {
    const value = Number(token);
    if (value < spec.min || value > spec.max) {
      return `value ${token} is out of range ${spec.min}-${spec.max}${spec.name === 'dayOfWeek' ? ' (0 and 7 are Sunday)' : ''}`;
    }
    return value;
  }
  if (spec.names) {
    const index = spec.names.indexOf(token);
    if (index >= 0) return spec.name === 'month' ? index + 1 : index;
    return `unknown name "${token}"; use ${spec.names[0]}-${spec.names[spec.names.length - 1]} or ${spec.min}-${spec.max}`;
  }
  return `"${token}" is not a number; use ${spec.min}-${spec.max}`;
}

function checkNth(spec: FieldSpec, value: string): string | undefined {
  if (spec.name !== 'dayOfWeek')
    return `${spec.label} "${value}": # (nth weekday) is allowed only in day-of-week`;
  const match = /^(\d+|[A-Z]{3})#([1-5])$/.exec(value);
  if (!match) {
    return `day-of-week "${value}": write the nth weekday as day#n with n 1-5 (e.g. MON#2), alone in the field`;
  }
  const day = readValue(spec, match[1] ?? '');
  return typeof day === 'string' ? `day-of-week "${value}": ${day}` : undefined;
}

function checkDayFields(dayOfMonth: string, dayOfWeek: string, month: string): string | undefined {
  if (dayOfMonth === '?' && dayOfWeek === '?') {
    return 'day-of-month and day-of-week cannot both be ?; use * in one of them';
  }
  if (dayOfWeek.includes('#')) {
    if (dayOfMonth !== '*' && dayOfMonth !== '?') {
      return `day-of-week "${dayOfWeek}" (nth weekday) needs day-of-month * or ?, not "${dayOfMonth}"`;
    }
    // cron-parser gives up after 10 000 search steps; a 5th weekday of February comes about every 28 years.
    if (dayOfWeek.endsWith('#5') && (month === '2' || month === 'FEB')) {
      return `day-of-week "${dayOfWeek}" in February fires only once in 28 years, too rarely for the scheduler`;
    }
  }
  return undefined;
}
