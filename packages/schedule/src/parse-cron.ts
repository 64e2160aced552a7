import cronParser, { type CronFields } from 'cron-parser';
import { type CronFieldName, type CronSyntax, CronSyntaxProblem, readCronSyntax } from './cron-syntax.js';
import { createScheduleError, SCHEDULE_ERROR_CODES } from './errors.js';
import { createWallMatcher, isUnrestrictedDayField, type WallMatcher } from './wall-clock.js';

/**
 * A validated cron expression, ready for occurrence maths. cron-parser 4.9.0 is the exact version BullMQ
 * 5.81.5 installs, so fields mean what they mean to BullMQ (0 and 7 are Sunday, ranges, steps, names); the
 * two day fields combine as in Vixie cron (wall-clock.ts, DayFieldStars).
 */
export type ParsedCron = {
  /** Normalised text: single spaces, upper case, macros expanded. What we store and hand to BullMQ. */
  expression: string;
  hasSeconds: boolean;
  /** The expression's own fields, as written (after normalisation). */
  fields: Partial<Record<CronFieldName, string>>;
  /**
   * True when the hour field covers all 24 hours. Such schedules follow elapsed time through DST changes
   * (both passes of a repeated hour fire); schedules with restricted hours fire once per wall time, as
   * Vixie cron and cron-parser do.
   */
  isHourWildcard: boolean;
  /** Field matching and search over wall times, built from cron-parser's reading of the fields. */
  matcher: WallMatcher;
};

/** Starts of the "does it ever fire" search; two, so leap-day schedules near 2100 are seen too. */
const PROBE_INSTANTS = [Date.UTC(2000, 0, 1), Date.UTC(2097, 0, 1)];

const NEVER_FIRES =
  'never fires (no calendar date matches, e.g. February 30 or April 31); check day-of-month and month';

/** Same as `parseCron` but returns only the normalised expression: the public validation entry point. */
export function validateCron(expression: string): string {
  return parseCron(expression).expression;
}

/**
 * Parsed expressions by their text. Validation runs cron-parser and searches for a next run (the "never fires"
 * probes), and every job response, list page, preview and tick parses its cron: a few hundred
 * distinct expressions cover a whole install. Only successes are kept; the parse is pure, so sharing is safe.
 */
const parsedByText = new Map<string, ParsedCron>();
const PARSED_CACHE_LIMIT = 2000;

/** Parses and validates; throws a ValidationError (path `cron_expression`) saying what to fix. */
export function parseCron(expression: string): ParsedCron {
  const cached = typeof expression === 'string' ? parsedByText.get(expression) : undefined;
  if (cached) return cached;
  const parsed = parseCronUncached(expression);
  Object.freeze(parsed.fields);
  Object.freeze(parsed);
  if (parsedByText.size >= PARSED_CACHE_LIMIT) parsedByText.clear();
  parsedByText.set(expression, parsed);
  return parsed;
}

function parseCronUncached(expression: string): ParsedCron {
  const syntax = readCronSyntax(expression);
  if (syntax instanceof CronSyntaxProblem) throw invalid(expression, syntax.message);
  let read: { fields: CronFields; nthDayOfWeek: number };
  try {
    read = readEngineFields(syntax);
  } catch (error) {
    throw invalid(expression, `not accepted by the cron engine (${errorMessage(error)})`, error);
  }
  const matcher = createWallMatcher(read.fields, read.nthDayOfWeek, {
    dayOfMonth: isUnrestrictedDayField(syntax.fields.dayOfMonth),
    dayOfWeek: isUnrestrictedDayField(syntax.fields.dayOfWeek),
  });
  if (PROBE_INSTANTS.some((probe) => matcher.next(probe) === null)) throw invalid(expression, NEVER_FIRES);
  return {
    expression: syntax.normalized,
    hasSeconds: syntax.hasSeconds,
    fields: syntax.fields,
    isHourWildcard: read.fields.hour.length === 24,
    matcher,
  };
}

/** cron-parser's reading of the fields (ranges, steps, names expanded) and the `n` of a `DAY#n`. */
function readEngineFields(syntax: CronSyntax): { fields: CronFields; nthDayOfWeek: number } {
  try {
    return parseFields(syntax.normalized);
  } catch (error) {
    if (!/day of month/i.test(errorMessage(error))) throw error;
    // cron-parser refuses a day of month the listed months never have (`31 2`) even when day-of-week can
    // still fire (`0 0 31 2 1`: the Mondays of February); read the two fields apart and let the day rule
    // and the probes below decide.
    const days = parseFields(withField(syntax, 'month', '*'));
    const months = parseFields(withField(syntax, 'dayOfMonth', '*'));
    return { fields: { ...days.fields, month: months.fields.month }, nthDayOfWeek: days.nthDayOfWeek };
  }
}

function parseFields(text: string): { fields: CronFields; nthDayOfWeek: number } {
  // cron-parser writes the `#` of `MON#2` into the options object it is given.
  const options: { tz: string; nthDayOfWeek?: number } = { tz: 'UTC' };
  const fields = cronParser.parseExpression(text, options).fields;
  return { fields, nthDayOfWeek: options.nthDayOfWeek ?? 0 };
}

const FIELD_ORDER: readonly CronFieldName[] = [
  'second',
  'minute',
  'hour',
  'dayOfMonth',
  'month',
  'dayOfWeek',
];

function withField(syntax: CronSyntax, name: CronFieldName, value: string): string {
  return FIELD_ORDER.filter((field) => syntax.fields[field] !== undefined)
    .map((field) => (field === name ? value : syntax.fields[field]))
    .join(' ');
}

function invalid(expression: string, message: string, cause?: unknown) {
  const shown = typeof expression === 'string' ? expression.trim() : String(expression);
  return createScheduleError(
    SCHEDULE_ERROR_CODES.invalidCron,
    'cron_expression',
    `cron expression "${shown}": ${message}`,
    cause,
  );
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
