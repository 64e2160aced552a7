import cronstrue from 'cronstrue';
import { parseCron } from './parse-cron.js';
import { assertTimeZone } from './time-zone.js';

export type DescribeCronOptions = { timezone: string };

/**
 * A sentence for people, e.g. `At 08:30, only on Monday, Wednesday, and Friday (Europe/Rome)`, from
 * cronstrue with a 24-hour clock and Sunday = 0. Falls back to quoting the expression for the few forms
 * cronstrue cannot phrase. Throws a ValidationError for an invalid cron or zone.
 */
export function describeCron(cron: string, options: DescribeCronOptions): string {
  const { expression } = parseCron(cron);
  assertTimeZone(options.timezone);
  let sentence = sentencesByCron.get(expression);
  if (sentence === undefined) {
    sentence = phrase(expression);
    if (sentencesByCron.size >= SENTENCE_CACHE_LIMIT) sentencesByCron.clear();
    sentencesByCron.set(expression, sentence);
  }
  return `${sentence} (${options.timezone})`;
}

/*
 * Sentences by expression: every job in every API answer carries one, and cronstrue took 7 % of the api's
 * CPU in a `GET /api/jobs` profile. A few hundred distinct crons cover an install.
 */
const sentencesByCron = new Map<string, string>();
const SENTENCE_CACHE_LIMIT = 2000;

function phrase(expression: string): string {
  let text: string;
  try {
    text = cronstrue.toString(expression, {
      use24HourTimeFormat: true,
      dayOfWeekStartIndexZero: true,
      throwExceptionOnParseError: true,
      locale: 'en',
    });
  } catch {
    // cronstrue is stricter than cron-parser on a few valid forms (e.g. day-of-week ranges up to 7).
    text = `On cron schedule "${expression}"`;
  }
  return text;
}
