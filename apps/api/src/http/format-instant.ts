import { getZoneOffsetMs } from '@chronos/schedule';

/**
 * Instants leave the API as ISO 8601 strings with the offset of the job's zone (reference §2.8: clients show
 * them as they come), e.g. `2025-04-14T08:30:00+02:00`. Milliseconds appear only when not zero.
 */

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');

function formatOffset(offsetMinutes: number, separator: string): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(absolute / 60))}${separator}${pad(absolute % 60)}`;
}

/** The local reading (to the second), its offset and the milliseconds of `date` in `timeZone`. */
function describe(date: Date, timeZone: string) {
  const instant = date.getTime();
  const offsetMs = getZoneOffsetMs(timeZone, instant);
  // The local reading is the instant shifted by the offset, printed as if it were UTC.
  const stamp = new Date(instant + offsetMs).toISOString().slice(0, 19);
  return { stamp, offsetMinutes: Math.round(offsetMs / 60_000), millis: ((instant % 1000) + 1000) % 1000 };
}

/** `2025-04-14T08:30:00+02:00` (or `…08:30:00.250+02:00`) in `timeZone`. */
export function formatInstant(date: Date, timeZone: string): string {
  const { stamp, offsetMinutes, millis } = describe(date, timeZone);
  const fraction = millis === 0 ? '' : `.${pad(millis, 3)}`;
  return `${stamp}${fraction}${formatOffset(offsetMinutes, ':')}`;
}

/** `formatInstant` for nullable values. */
export function formatOptionalInstant(date: Date | null | undefined, timeZone: string): string | null {
  return date ? formatInstant(date, timeZone) : null;
}

/**
 * The reference's `start_time`: the next run as `%Y-%m-%dT%H:%M:%S%z` (offset without a colon, e.g.
 * `2025-04-14T23:19:46+0200`). Kept for UIs that parse that exact shape.
 */
export function formatStartTime(date: Date, timeZone: string): string {
  const { stamp, offsetMinutes } = describe(date, timeZone);
  return `${stamp}${formatOffset(offsetMinutes, '')}`;
}
