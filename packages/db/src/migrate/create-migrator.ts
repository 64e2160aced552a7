import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '@chronos/errors';
import type { Logger } from '@chronos/logger';
import { translateDbError } from '../db-errors.js';
import { type DbProvider, type DbTarget, parseDbUrl } from '../db-url.js';
import { ensureDirectory } from '../ensure-directory.js';
import { readAppliedMigrations } from './applied-migrations.js';
import { toMigrationError } from './migration-errors.js';
import { withMigrationLock } from './migration-lock.js';
import {
  ensureLockfile,
  listMigrationNames,
  nextMigrationName,
  readMigrationsList,
  writeMigration,
} from './migrations-dir.js';
import { type ClosableMigrationFactory, createPgMigrationFactory } from './pg-migration-factory.js';
import { openSchemaEngine } from './schema-engine.js';
import { createSqliteMigrationFactory } from './sqlite-migration-factory.js';

const NO_FILTER = { externalTables: [], externalEnums: [] };
const PROVIDERS: DbProvider[] = ['postgresql', 'sqlite'];

export type MigrateOptions = {
  /** The folder holding `postgresql/` and `sqlite/` (schema.prisma + migrations/ each). */
  prismaDir: string;
  /** Overrides `<prismaDir>/<provider>/migrations` (tests use a temporary folder). */
  migrationsDir?: string;
  logger?: Logger;
  /** How long to wait for another process's migration lock (default 120 s). */
  lockTimeoutMs?: number;
};

export type DeployResult = { applied: string[] };

export type MigrationStatus = {
  provider: DbProvider;
  /** Applied successfully, in order. */
  applied: string[];
  /** In the migrations folder but not yet applied. */
  pending: string[];
  /** Started and failed (needs a fix by hand before deploy can continue). */
  failed: string[];
  /** Recorded in the database but missing from the folder (a newer release ran against this database?). */
  unknown: string[];
};

export type CreateMigrationOptions = {
  /** A PostgreSQL server for the shadow database when the Db itself is SQLite. */
  postgresUrl?: string;
  now?: Date;
};

/** `name` null when the schema matches the migrations (nothing written). */
export type CreateMigrationResult = { name: string | null; files: string[] };

export type Migrator = {
  deploy(): Promise<DeployResult>;
  status(): Promise<MigrationStatus>;
  create(name: string, options?: CreateMigrationOptions): Promise<CreateMigrationResult>;
};

/**
 * The migration runner: Prisma's schema engine (wasm) over our driver adapters, writing the same
 * `_prisma_migrations` table and checksums as `prisma migrate deploy`.
 */
export function createMigrator(target: DbTarget, options: MigrateOptions): Migrator {
  const migrationsDirOf = (provider: DbProvider) =>
    provider === target.provider && options.migrationsDir
      ? options.migrationsDir
      : path.join(options.prismaDir, provider, 'migrations');
  const schemaPathOf = (provider: DbProvider) => path.join(options.prismaDir, provider, 'schema.prisma');
  const log = options.logger?.child({ component: 'migrate' });

  const migrator: Migrator = {
    async deploy() {
      // Up to date already (every start but the first after an upgrade): answer from a read, without the
      // lock and the engine. The engine needs the SQLite file to itself, so on SQLite it would wait for every
      // other open connection (a running api or worker) and time out.
      const current = await migrator.status();
      if (current.pending.length === 0 && current.failed.length === 0) return { applied: [] };
      const migrationsDir = migrationsDirOf(target.provider);
      const lockTimeoutMs = options.lockTimeoutMs ?? 120_000;
      try {
        return await withMigrationLock(target, { timeoutMs: lockTimeoutMs }, async () => {
          const open = await openSchemaEngine({
            schemaPath: schemaPathOf(target.provider),
            factory: factoryFor(target),
            onLog: (message) => log?.debug({ engine: message }, 'schema engine'),
          });
          try {
            const result = await open.engine.applyMigrations({
              migrationsList: readMigrationsList(migrationsDir),
              filters: NO_FILTER,
            });
            const applied = result.appliedMigrationNames;
            log?.info({ applied, provider: target.provider }, 'migrations applied');
            return { applied };
          } catch (error) {
            throw await describeFailure(target, open.explain(error));
          } finally {
            await open.close();
          }
        });
      } catch (error) {
        throw await describeFailure(target, error);
      }
    },

    async status() {
      const inFolder = listMigrationNames(migrationsDirOf(target.provider));
      let rows: Awaited<ReturnType<typeof readAppliedMigrations>>;
      try {
        rows = (await readAppliedMigrations(target)) ?? [];
      } catch (error) {
        throw translateDbError(error);
      }
      const live = rows.filter((row) => !row.rolledBack);
      const applied = live.filter((row) => row.finished).map((row) => row.name);
      const failed = live.filter((row) => !row.finished).map((row) => row.name);
      const recorded = new Set(live.map((row) => row.name));
      return {
        provider: target.provider,
        applied,
        pending: inFolder.filter((name) => !recorded.has(name)),
        failed,
        unknown: [...new Set(applied)].filter((name) => !inFolder.includes(name)),
      };
    },

    async create(name, createOptions = {}) {
      const migrationName = nextMigrationName(
        name,
        createOptions.now ?? new Date(),
        PROVIDERS.map(migrationsDirOf),
      );
      const scripts: { provider: DbProvider; script: string }[] = [];
      for (const provider of PROVIDERS) {
        ensureLockfile(migrationsDirOf(provider), provider);
        const factory =
          provider === 'sqlite' ? createSqliteMigrationFactory(':memory:') : pgFactory(createOptions);
        const script = await diffMigrations(factory, schemaPathOf(provider), migrationsDirOf(provider));
        if (script) scripts.push({ provider, script });
      }
      if (scripts.length === 0) return { name: null, files: [] };
      const files = scripts.map(({ provider, script }) =>
        writeMigration(migrationsDirOf(provider), migrationName, script),
      );
      log?.info({ migration: migrationName, files }, 'migration created');
      return { name: migrationName, files };
    },
  };
  return migrator;

  function pgFactory(createOptions: CreateMigrationOptions): ClosableMigrationFactory {
    if (target.provider === 'postgresql') return createPgMigrationFactory(target);
    if (!createOptions.postgresUrl) {
      throw new ConfigError([
        {
          path: 'postgresUrl',
          message: 'creating a PostgreSQL migration needs a PostgreSQL server for its shadow database',
        },
      ]);
    }
    const pgTarget = parseDbUrl(createOptions.postgresUrl);
    if (pgTarget.provider !== 'postgresql') {
      throw new ConfigError([{ path: 'postgresUrl', message: 'expected a postgresql:// URL' }]);
    }
    return createPgMigrationFactory(pgTarget);
  }
}

function factoryFor(target: DbTarget): ClosableMigrationFactory {
  if (target.provider === 'postgresql') return createPgMigrationFactory(target);
  ensureDirectory(path.dirname(target.filePath));
  return createSqliteMigrationFactory(target.filePath);
}

/** The SQL that takes a database from `migrationsDir`'s end state to the schema; '' when none. */
async function diffMigrations(
  factory: ClosableMigrationFactory,
  schemaPath: string,
  migrationsDir: string,
): Promise<string> {
  const open = await openSchemaEngine({ schemaPath, factory });
  try {
    const result = await open.engine.diff({
      from: { tag: 'migrations', ...readMigrationsList(migrationsDir) },
      to: {
        tag: 'schemaDatamodel',
        files: [{ path: schemaPath, content: fs.readFileSync(schemaPath, 'utf8') }],
      },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    const script = (result.stdout ?? '').trim();
    return script === '' || script === '-- This is an empty migration.' ? '' : `${script}\n`;
  } catch (error) {
    throw translateDbError(open.explain(error));
  } finally {
    await open.close();
  }
}

/** Names the failed migration from `_prisma_migrations` when the engine's message does not. */
async function describeFailure(target: DbTarget, error: unknown): Promise<Error> {
  if (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('DATABASE_')
  )
    return error;
  if (error instanceof ConfigError) return error;
  const rows = await readAppliedMigrations(target).catch(() => null);
  const failed = rows?.find((row) => !row.finished && !row.rolledBack)?.name;
  return toMigrationError(error, failed);
}
