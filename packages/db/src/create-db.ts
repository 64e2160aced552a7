import type { Logger } from '@chronos/logger';
import { withDbErrors } from './db-errors.js';
import { type DbProvider, parseDbUrl, redactDbUrl } from './db-url.js';
import { createMigrator, type Migrator } from './migrate/create-migrator.js';
import { createPrismaClient } from './prisma-client.js';
import { findPrismaDir } from './prisma-dir.js';
import { type ChainsRepository, createChainsRepository } from './repositories/chains-repository.js';
import {
  createExecutionsRepository,
  type ExecutionsRepository,
} from './repositories/executions-repository.js';
import { createFlowLogsRepository, type FlowLogsRepository } from './repositories/flow-logs-repository.js';
import { createJobsRepository, type JobsRepository } from './repositories/jobs-repository.js';
import {
  createNotificationsRepository,
  type NotificationsRepository,
} from './repositories/notifications-repository.js';
import { createSessionsRepository, type SessionsRepository } from './repositories/sessions-repository.js';
import { createSettingsRepository, type SettingsRepository } from './repositories/settings-repository.js';
import {
  createTriggerFlowsRepository,
  type TriggerFlowsRepository,
} from './repositories/trigger-flows-repository.js';

export type CreateDbOptions = {
  /**
   * `postgresql://…` / `postgres://…`, or `file:/absolute/path` for SQLite. Pass `config.database.url`:
   * @chronos/config has already normalised relative paths and the reference's `sqlite:///` form.
   */
  url: string;
  logger?: Logger;
  /** The folder holding `postgresql/` and `sqlite/`; found by walking up from this package by default. */
  prismaDir?: string;
  /** Overrides this provider's migrations folder (tests). */
  migrationsDir?: string;
  /** How long `migrate.deploy()` waits for another process's migration lock (default 120 s). */
  migrationLockTimeoutMs?: number;
  /**
   * Where migrations connect instead of `url` (same database, same provider): the server itself when `url`
   * goes through a transaction pooler such as PgBouncer, which cannot hold the migration lock (a session-level
   * advisory lock) or the schema engine's session state.
   */
  migrationUrl?: string;
};

/** Everything other packages get from the database: repositories, health, migrations, shutdown. */
export type Db = {
  provider: DbProvider;
  jobs: JobsRepository;
  executions: ExecutionsRepository;
  /** Chained events, their steps after an execution, and CoreHub's webhook arrivals. */
  chains: ChainsRepository;
  settings: SettingsRepository;
  sessions: SessionsRepository;
  triggerFlows: TriggerFlowsRepository;
  /** The execution logs of TriggerFlows. */
  flowLogs: FlowLogsRepository;
  notifications: NotificationsRepository;
  /** Resolves when the database answers; UpstreamError DATABASE_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  migrate: Migrator;
  /** Closes the connection pool (idempotent). */
  close(): Promise<void>;
};

/**
 * Opens the database named by `url` with the matching Prisma driver adapter (pg or better-sqlite3).
 * Connects lazily: an unreachable PostgreSQL server shows up on the first query, `ping()` or
 * `migrate.deploy()` as an UpstreamError `DATABASE_UNAVAILABLE`. Throws at once a ConfigError naming
 * DB_URL for a URL of another form, and an UpstreamError when a SQLite file cannot be created.
 */
export function createDb(options: CreateDbOptions): Db {
  const target = parseDbUrl(options.url);
  const prisma = createPrismaClient(target);
  const logger = options.logger?.child({ component: 'db' });
  logger?.debug({ provider: target.provider, url: redactDbUrl(target.url) }, 'database client created');
  let closed: Promise<void> | undefined;

  return {
    provider: target.provider,
    jobs: createJobsRepository(prisma),
    executions: createExecutionsRepository(prisma, target.provider),
    chains: createChainsRepository(prisma),
    settings: createSettingsRepository(prisma),
    sessions: createSessionsRepository(prisma),
    triggerFlows: createTriggerFlowsRepository(prisma),
    flowLogs: createFlowLogsRepository(prisma),
    notifications: createNotificationsRepository(prisma),
    async ping() {
      await withDbErrors(() => prisma.$queryRawUnsafe('SELECT 1'));
    },
    migrate: createMigrator(options.migrationUrl ? parseDbUrl(options.migrationUrl) : target, {
      prismaDir: options.prismaDir ?? findPrismaDir(),
      ...(options.migrationsDir ? { migrationsDir: options.migrationsDir } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.migrationLockTimeoutMs ? { lockTimeoutMs: options.migrationLockTimeoutMs } : {}),
    }),
    close() {
      closed ??= prisma.$disconnect();
      return closed;
    },
  };
}
