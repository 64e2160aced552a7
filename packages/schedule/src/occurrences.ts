/*
 * DST POLICY (DESIGN.md §4) — which instants a cron schedule fires at in an IANA zone.
 *
 * 1. Normal days: every wall time that matches the cron fires once, at the instant it happens.
 * 2. Spring forward (a wall time that does not exist, e.g. 02:30 on a 02:00→03:00 night): it fires once, at
 *    the same wall time shifted forward by the length of the gap (02:30 → 03:30 DST; 02:15 → 02:45 on Lord
 *    Howe's 30-minute gap; 00:00 → 01:00 in Santiago, whose clocks skip midnight). If that instant is also a
 *    regular fire of the schedule the two are one run.
 * 3. Fall back (a wall time that happens twice, e.g. 02:30 on a 03:00→02:00 night): a schedule with
 *    restricted hours (`30 2 * * *`, `0 1-3 * * *`) fires once, at the first pass. A schedule whose hour
 *    field is `*` (hourly, every 15 minutes…) follows elapsed time and fires in both passes, so it never
 *    pauses for an hour. This is Vixie cron's rule and cron-parser's intent.
 *
 * What cron-parser 4.9.0 (BullMQ's default repeat strategy) actually does, measured in occurrences.test.ts:
 * it follows this policy in zones whose DST shift is one hour away from midnight (Europe/Rome,
 * America/New_York), but it drops the skipped-time run when the shift is 30 minutes (Australia/Lord_Howe) or
 * at midnight (America/Santiago), and fires restricted-hour schedules twice in a 30-minute fold. BullMQ also
 * computes the next tick from the moment a run starts, so a tick picked up late inside a repeated hour can
 * schedule the second pass (BullMQ facts in DESIGN §4). Two defences follow:
 *  - `nextFireMillis` implements this policy as a BullMQ `repeatStrategy`; the queue package plugs it into
 *    its Queue and Worker settings so BullMQ fires exactly the instants `nextRuns` shows.
 *  - `canonicalFireTime` lets the worker drop any fire that is not an occurrence under this policy (the
 *    second pass of a repeated hour, or a stale tick of a changed schedule) before it records anything.
 * No run missed while no worker was up is replayed here: misfire handling belongs to the worker.
 */
import { type ParsedCron, parseCron } from './parse-cron.js';
import { assertTimeZone, getWallTime, getZoneOffsetMs, resolveWallTime } from './time-zone.js';

const DAY_MS = 86_400_000;

/** The instants (ascending, zero to two) at which one matching wall time fires under the policy. */
export function getWallTimeFires(cron: ParsedCron, timeZone: string, wall: number): number[] {
  const resolved = resolveWallTime(timeZone, wall);
  switch (resolved.kind) {
    case 'unique':
    case 'skipped':
      return [resolved.instant];
    case 'repeated':
      return cron.isHourWildcard ? [resolved.earlier, resolved.later] : [resolved.earlier];
  }
}

/** True when the schedule fires at exactly `instant` under the policy above. */
export function isOccurrence(cron: ParsedCron, timeZone: string, instant: number): boolean {
  const wall = getWallTime(timeZone, instant);
  if (cron.matcher.matches(wall) && getWallTimeFires(cron, timeZone, wall).includes(instant)) return true;
  // A skipped wall time fires shifted forward by the gap: undo the shift with the offset from before it.
  const skippedWall = instant + getZoneOffsetMs(timeZone, instant - DAY_MS);
  if (skippedWall === wall || !cron.matcher.matches(skippedWall)) return false;
  const resolved = resolveWallTime(timeZone, skippedWall);
  return resolved.kind === 'skipped' && resolved.instant === instant;
}

/**
 * The instant a scheduled fire must be recorded and executed as, or `null` when it must be dropped.
 *
 * `firedAt` is the tick's due instant (the `<dueMs>` of BullMQ's `repeat:<id>:<dueMs>` job id, or
 * `job.opts.prevMillis`), never the moment a worker picked it up. The result is the execution's
 * `scheduled_for` key: returned unchanged for a genuine occurrence, so the unique key makes a second
 * delivery of the same tick a no-op; `null` for the second pass of a repeated autumn hour of a
 * restricted-hour schedule (it already ran at the first pass) and for an instant the schedule does not
 * contain at all (a tick queued before the cron changed). Throws a ValidationError for a bad cron or zone.
 */
export function canonicalFireTime(cron: string, timeZone: string, firedAt: Date): Date | null {
  assertTimeZone(timeZone);
  const parsed = parseCron(cron);
  const instant = firedAt.getTime();
  if (Number.isNaN(instant)) return null;
  return isOccurrence(parsed, timeZone, instant) ? new Date(instant) : null;
}
