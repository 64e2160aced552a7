import type { Page, Setting } from '@chronos/db';
import { ConflictError, NotFoundError } from '@chronos/errors';
import { nextRunOf } from '@chronos/jobs';
import { isValidTimeZone } from '@chronos/schedule';
import { type ApiDeps, currentTime } from '../../deps.js';
import { formatInstant } from '../../http/format-instant.js';
import { createValidationError } from '../../http/validate.js';
import { syncJobSchedule } from '../jobs/job-schedule-sync.js';
import { TIMEZONE_SETTING_DESCRIPTION, TIMEZONE_SETTING_KEY } from './default-timezone.js';
import type { SettingResponse } from './settings.schemas.js';

export function toSettingResponse(setting: Setting): SettingResponse {
  return {
    id: setting.id,
    key: setting.key,
    value: setting.value,
    description: setting.description,
    created_at: formatInstant(setting.createdAt, 'UTC'),
    updated_at: formatInstant(setting.updatedAt, 'UTC'),
  };
}

/** Messages kept from the reference (§1.2). */
const notFound = (key: string) =>
  new NotFoundError(`setting ${key} not found`, {
    code: 'SETTING_NOT_FOUND',
    detail: `Setting with key '${key}' not found`,
  });

function assertValidValue(key: string, value: string | null, path: string): void {
  if (key !== TIMEZONE_SETTING_KEY) return;
  if (value === null || !isValidTimeZone(value)) {
    throw createValidationError(
      [{ path, message: 'must be an IANA time zone such as Europe/Rome or UTC' }],
      `Invalid timezone: '${value}'`,
    );
  }
}

/**
 * Points every job that follows the `timezone` setting at the new zone: new `timezone_name`, version and
 * `next_run` in the database, then its scheduler (the reference never did this: gap 4).
 */
async function rescheduleFollowers(deps: ApiDeps, timezone: string): Promise<number> {
  const followers = await deps.db.jobs.listFollowingDefaultTimezone();
  let rescheduled = 0;
  for (const job of followers) {
    if (job.timezoneName === timezone) continue;
    const nextRun = nextRunOf({ ...job, timezoneName: timezone }, currentTime(deps));
    const updated = await deps.db.jobs.update(job.id, { timezoneName: timezone, nextRun });
    await syncJobSchedule(deps, updated);
    rescheduled += 1;
  }
  deps.logger.info({ timezone, rescheduled }, 'jobs following the timezone setting rescheduled');
  return rescheduled;
}

export async function listSettings(
  deps: ApiDeps,
  page: { skip: number; limit: number },
): Promise<Page<SettingResponse>> {
  const result = await deps.db.settings.list(page);
  return { items: result.items.map(toSettingResponse), total: result.total };
}

export async function getSetting(deps: ApiDeps, key: string): Promise<SettingResponse> {
  const setting = await deps.db.settings.find(key);
  if (!setting) throw notFound(key);
  return toSettingResponse(setting);
}

/**
 * Writes one setting. A missing key is a 404, except `timezone`, which is created (reference behaviour).
 * A new `timezone` reschedules the jobs that follow it.
 */
export async function putSetting(
  deps: ApiDeps,
  key: string,
  value: string | null,
  description: string | null | undefined,
  path = 'body.value',
): Promise<SettingResponse> {
  assertValidValue(key, value, path);
  const existing = await deps.db.settings.find(key);
  if (!existing && key !== TIMEZONE_SETTING_KEY) throw notFound(key);
  const saved = await deps.db.settings.upsert(
    key,
    value,
    existing ? description : (description ?? TIMEZONE_SETTING_DESCRIPTION),
  );
  const response = toSettingResponse(saved);
  if (key === TIMEZONE_SETTING_KEY && value !== null && value !== existing?.value) {
    response.rescheduled_jobs = await rescheduleFollowers(deps, value);
  }
  return response;
}

/** Writes several settings; every key and value is checked before the first write. */
export async function putSettings(
  deps: ApiDeps,
  values: Record<string, string | null>,
): Promise<Page<SettingResponse>> {
  const entries = Object.entries(values);
  for (const [key, value] of entries) assertValidValue(key, value, `body.${key}`);
  for (const [key] of entries) {
    if (key !== TIMEZONE_SETTING_KEY && !(await deps.db.settings.find(key))) throw notFound(key);
  }
  const items: SettingResponse[] = [];
  for (const [key, value] of entries)
    items.push(await putSetting(deps, key, value, undefined, `body.${key}`));
  return { items, total: items.length };
}

export async function createSetting(
  deps: ApiDeps,
  body: { key: string; value?: string | null | undefined; description?: string | null | undefined },
): Promise<SettingResponse> {
  const value = body.value ?? null;
  assertValidValue(body.key, value, 'body.value');
  try {
    const response = toSettingResponse(
      await deps.db.settings.create(body.key, value, body.description ?? null),
    );
    if (body.key === TIMEZONE_SETTING_KEY && value !== null) {
      response.rescheduled_jobs = await rescheduleFollowers(deps, value);
    }
    return response;
  } catch (error) {
    if (error instanceof ConflictError) {
      throw new ConflictError(`setting ${body.key} exists`, {
        code: 'SETTING_EXISTS',
        detail: `Setting with key '${body.key}' already exists`,
        cause: error,
      });
    }
    throw error;
  }
}
