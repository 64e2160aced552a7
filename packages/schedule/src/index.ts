export { describeCron } from './describe-cron.js';
export { DAY_NAMES, scheduleToCron } from './friendly-schedule.js';
export { nextFireMillis, nextRuns, previousRun } from './next-runs.js';
export { canonicalFireTime } from './occurrences.js';
export { validateCron } from './parse-cron.js';
export { scheduleDays } from './schedule-days.js';
export { getZoneOffsetMs, isValidTimeZone } from './time-zone.js';
