import cronParser from 'cron-parser';
import { type CronFieldName, CronSyntaxProblem, readCronSyntax } from './cron-syntax.js';
import { createScheduleError, SCHEDULE_ERROR_CODES } from './errors.js';
import { createWallMatcher, type WallMatcher } from './wall-clock.js';

/**
 * A validated cron expression, ready for occurrence maths. cron-parser 4.9.0 is the exact version BullMQ
 * 5.81.5 installs, so what it accepts here BullMQ accepts too, with the same field semantics (0 and 7 are
 * Sunday; when both day fields are restricted a day matching either one fires).
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

/** Reference instants for the "does it ever fire" check; two, so leap-day schedules near 2100 are seen too. */
const PROBE_INSTANTS = [Date.UTC(2000, 0, 1), Date.UTC(2097, 0, 1)];

const NEVER_FIRES =
  'never fires (no calendar date matches, e.g. February 30 or April 31); check day-of-month and month';

/** Same as `parseCron` but returns only the normalised expression: the public validation entry point. */
export function validateCron(expression: string): string {
  return parseCron(expression).expression;
}

/**
 * Parsed expressions by their text. Validation asks cron-parser for a next run (the "never fires" probes),
 * about 1 ms each, and every job response, list page, preview and tick parses its cron: a few hundred
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
  let matcher: WallMatcher;
  let hourCount: number;
  try {
    // cron-parser writes the `#` of `MON#2` into the options object it is given.
    const options: { currentDate: Date; tz: string; nthDayOfWeek?: number } = {
      currentDate: new Date(PROBE_INSTANTS[0] ?? 0),
      tz: 'UTC',
    };
    const parsed = cronParser.parseExpression(syntax.normalized, options);
    hourCount = parsed.fields.hour.length;
    matcher = createWallMatcher(parsed.fields, options.nthDayOfWeek ?? 0);
  } catch (error) {
    // cron-parser refuses a day the only month listed never has (30 2, 31 4) at parse time.
    const message = /day of month/i.test(errorMessage(error))
      ? NEVER_FIRES
      : `not accepted by the cron engine (${errorMessage(error)})`;
    throw invalid(expression, message, error);
  }
  for (const probe of PROBE_INSTANTS) {
    try {
      cronParser.parseExpression(syntax.normalized, { currentDate: new Date(probe), tz: 'UTC' }).next();
    } catch (error) {
      throw invalid(expression, NEVER_FIRES, error);
    }
  }
  return {
    expression: syntax.normalized,
    hasSeconds: syntax.hasSeconds,
    fields: syntax.fields,
    isHourWildcard: hourCount === 24,
    matcher,
  };
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
