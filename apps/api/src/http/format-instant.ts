/**
 * Instants leave the API as ISO 8601 strings with the offset of the job's zone (reference §2.8: clients show
 * them as they come), e.g. `2025-04-14T08:30:00+02:00`. Milliseconds appear only when not zero.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function getFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function toLocalParts(date: Date, timeZone: string): LocalParts {
  const values: Record<string, number> = {};
  for (const part of getFormatter(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values.year ?? 0,
    month: values.month ?? 1,
    day: values.day ?? 1,
    hour: values.hour ?? 0,
    minute: values.minute ?? 0,
    second: values.second ?? 0,
  };
}

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');

function formatOffset(offsetMinutes: number, separator: string): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(absolute / 60))}${separator}${pad(absolute % 60)}`;
}

function describe(date: Date, timeZone: string) {
  const local = toLocalParts(date, timeZone);
  const wholeSeconds = Math.floor(date.getTime() / 1000) * 1000;
  const localAsUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  const offsetMinutes = Math.round((localAsUtc - wholeSeconds) / 60_000);
  const stamp = `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}`;
  return { stamp, offsetMinutes, millis: date.getTime() - wholeSeconds };
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
