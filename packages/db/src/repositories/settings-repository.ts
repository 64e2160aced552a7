import { ConflictError, NotFoundError } from '@chronos/errors';
import { withDbErrors } from '../db-errors.js';
import type { PrismaDb } from '../prisma-client.js';
import type { Page, PageOptions, Setting } from '../types.js';
import { toPaging, toSetting } from './mappers.js';

/** Key/value settings (`timezone` is the zone jobs follow by default). */
export type SettingsRepository = {
  /** The setting, or NotFoundError `Setting {key} not found`. */
  get(key: string): Promise<Setting>;
  find(key: string): Promise<Setting | null>;
  /** A page ordered by key. */
  list(options?: PageOptions): Promise<Page<Setting>>;
  /** Sets the value (and the description when given), creating the setting if needed. */
  upsert(key: string, value: string | null, description?: string | null): Promise<Setting>;
  /** Inserts a new setting; ConflictError when the key exists. */
  create(key: string, value: string | null, description?: string | null): Promise<Setting>;
  /** Inserts the setting only when missing (start-up seeding); returns what is stored either way. */
  ensureDefault(key: string, value: string | null, description: string | null): Promise<Setting>;
};

/**
 * Prisma's upsert reads, then inserts or updates: two callers that both read "missing" race on the insert
 * and one gets P2002 (two API replicas seeding `timezone` at start did). By the time it fails the row
 * exists, so one more try takes the update path.
 */
async function upsertSurvivingInsertRace<T>(upsert: () => Promise<T>, what: string): Promise<T> {
  try {
    return await withDbErrors(upsert, what);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    return withDbErrors(upsert, what);
  }
}

export function createSettingsRepository(prisma: PrismaDb): SettingsRepository {
  const find = async (key: string) => {
    const row = await withDbErrors(() => prisma.setting.findUnique({ where: { key } }));
    return row ? toSetting(row) : null;
  };

  return {
    async get(key) {
      const setting = await find(key);
      if (!setting) throw new NotFoundError(`Setting ${key} not found`, { code: 'SETTING_NOT_FOUND' });
      return setting;
    },

    find,

    async list(options = {}) {
      const [rows, total] = await withDbErrors(() =>
        Promise.all([
          prisma.setting.findMany({ orderBy: { key: 'asc' }, ...toPaging(options) }),
          prisma.setting.count(),
        ]),
      );
      return { items: rows.map(toSetting), total };
    },

    async upsert(key, value, description) {
      const row = await upsertSurvivingInsertRace(
        () =>
          prisma.setting.upsert({
            where: { key },
            create: { key, value, description: description ?? null },
            update: description === undefined ? { value } : { value, description },
          }),
        `Setting ${key}`,
      );
      return toSetting(row);
    },

    async create(key, value, description) {
      try {
        const row = await withDbErrors(
          () => prisma.setting.create({ data: { key, value, description: description ?? null } }),
          `Setting ${key}`,
        );
        return toSetting(row);
      } catch (error) {
        if (error instanceof ConflictError) {
          throw new ConflictError(`Setting ${key} already exists`, { code: 'SETTING_EXISTS', cause: error });
        }
        throw error;
      }
    },

    async ensureDefault(key, value, description) {
      // An empty update keeps what is stored: the environment only provides the first value.
      const row = await upsertSurvivingInsertRace(
        () => prisma.setting.upsert({ where: { key }, create: { key, value, description }, update: {} }),
        `Setting ${key}`,
      );
      return toSetting(row);
    },
  };
}
