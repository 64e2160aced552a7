import { getWallTimeFires } from './occurrences.js';
import type { ParsedCron } from './parse-cron.js';
import { getShiftNear, getWallTime } from './time-zone.js';
import { iterateWallTimes } from './wall-clock.js';

/*
 * Walks matching wall times in order and turns each into its fire instants (occurrences.ts). Away from a
 * DST transition wall order is instant order and each fire can be emitted at once. Within a day of a
 * transition instants can come out of wall order by at most the shift (a skipped 02:30 fires after the real
 * 03:00 wall time's instant; the second pass of 02:00 fires after the first pass of 02:59), so the walk
 * starts that much earlier and holds a fire back until no later wall time can produce an earlier one.
 */

/** Fires of `cron` in `timeZone` strictly after `after`, ascending, without end (until cron-parser's limit). */
export function* iterateOccurrencesAfter(
  cron: ParsedCron,
  timeZone: string,
  after: number,
): Generator<number> {
  const startWall = getWallTime(timeZone, after) - getShiftNear(timeZone, after);
  const pending: number[] = [];
  let lastEmitted = after;
  for (const wall of iterateWallTimes(cron.matcher, startWall - 1, 'forward')) {
    for (const instant of getWallTimeFires(cron, timeZone, wall)) {
      if (instant > lastEmitted && !pending.includes(instant)) pending.push(instant);
    }
    pending.sort((a, b) => a - b);
    while (pending.length > 0) {
      const first = pending[0] as number;
      if (wall < getWallTime(timeZone, first) + getShiftNear(timeZone, first)) break;
      pending.shift();
      lastEmitted = first;
      yield first;
    }
  }
  // cron-parser stopped (its search limit): what is held back is still in order.
  yield* pending;
}

/** The latest fire of `cron` in `timeZone` strictly before `before`, or null if none can be found. */
export function findOccurrenceBefore(cron: ParsedCron, timeZone: string, before: number): number | null {
  const startWall = getWallTime(timeZone, before) + getShiftNear(timeZone, before);
  let best: number | null = null;
  for (const wall of iterateWallTimes(cron.matcher, startWall + 1, 'backward')) {
    for (const instant of getWallTimeFires(cron, timeZone, wall)) {
      if (instant < before && (best === null || instant > best)) best = instant;
    }
    if (best !== null && wall <= getWallTime(timeZone, best) - getShiftNear(timeZone, best)) return best;
  }
  return best;
}
