import { isValidTimeZone } from '@chronos/schedule';
import type { ApiDeps } from '../../deps.js';

/** The settings key holding the zone that jobs without their own `timezone` follow. */
export const TIMEZONE_SETTING_KEY = 'timezone';
export const TIMEZONE_SETTING_DESCRIPTION = 'Timezone used for scheduling jobs';

/**
 * The zone of jobs without an explicit `timezone`: the `timezone` setting (seeded from TIMEZONE/TZ at start),
 * else the configured default. A setting that is not a valid zone (written behind the API's back) is ignored.
 */
export async function getDefaultTimezone(deps: Pick<ApiDeps, 'db' | 'config' | 'logger'>): Promise<string> {
  const setting = await deps.db.settings.find(TIMEZONE_SETTING_KEY);
  if (setting?.value && isValidTimeZone(setting.value)) return setting.value;
  if (setting?.value) {
    deps.logger.warn({ value: setting.value }, 'timezone setting is not an IANA zone, using the default');
  }
  return deps.config.schedule.defaultTimezone;
}
