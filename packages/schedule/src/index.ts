export { type DescribeCronOptions, describeCron } from './describe-cron.js';
export { SCHEDULE_ERROR_CODES, type ScheduleErrorCode } from './errors.js';
export { DAY_NAMES, type DayName, type FriendlySchedule, scheduleToCron } from './friendly-schedule.js';
export {
  MAX_NEXT_RUNS,
  type NextRunsOptions,
  nextFireMillis,
  nextRuns,
  type PreviousRunOptions,
  previousRun,
  type RepeatStrategyOptions,
} from './next-runs.js';
export { canonicalFireTime } from './occurrences.js';
export { validateCron } from './parse-cron.js';
export { scheduleDays } from './schedule-days.js';
export { assertTimeZone, getZoneOffsetMs, isValidTimeZone } from './time-zone.js';
