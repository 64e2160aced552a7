/**
 * How far ahead a test schedules a one-off tick: long enough that the job row and its scheduler are written
 * before the tick is due even on a loaded machine (written after it, BullMQ would schedule tomorrow's).
 */
export const SCHEDULE_LEAD_MS = 3000;

/** A whole second at least `leadMs` from now. */
export function secondFromNow(leadMs: number): number {
  return Math.ceil((Date.now() + leadMs) / 1000) * 1000;
}

/** A 6-field UTC cron that fires once a day at exactly `instant` (a whole second). */
export function dailyCronAt(instant: number): string {
  const at = new Date(instant);
  return `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
}

/** Every second (6-field cron). */
export const EVERY_SECOND = '* * * * * *';
