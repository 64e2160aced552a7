/**
 * An instant as a person reads it, in `zone` with its offset: `Mon 14 Apr 2025, 08:30:00 GMT+02:00`. The api
 * sends job instants in the job's zone and execution instants in UTC; both are shown in the job's zone.
 */
export function formatInstant(iso: string | null | undefined, zone: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'short',
      day: '2-digit',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    }).format(date);
  } catch {
    return iso;
  }
}

/** The browser's own zone, the default for a new job's zone field. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
