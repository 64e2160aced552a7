import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '../create-db.js';
import type { DbProvider } from '../db-url.js';
import { findPrismaDir } from '../prisma-dir.js';
import { hashMigrations } from './migrations-hash.js';
import {
  cloneDatabase,
  createEmptyDatabase,
  DEFAULT_ADMIN_URL,
  dropDatabase,
  ensurePostgresTemplate,
} from './postgres-template.js';
import { copySqliteTemplate, ensureSqliteTemplate } from './sqlite-template.js';

export type TestDatabase = {
  provider: DbProvider;
  /** A URL createDb accepts, for a database that is migrated (unless `empty` was asked) and has no rows. */
  url: string;
  /** Deletes the database (kept when KEEP_TEST_DB=1, to look at it after a failure). */
  drop(): Promise<void>;
};

export type TestDatabaseOptions = {
  /** PostgreSQL admin URL (default postgresql://postgres@127.0.0.1:5432/postgres). */
  adminUrl?: string;
  prismaDir?: string;
  /** Keep the database after drop() (default: KEEP_TEST_DB=1). */
  keep?: boolean;
  /** Hand out an empty, never-migrated database instead (to test start-up migration). */
  empty?: boolean;
};

/**
 * A fresh, migrated, empty database for one test file or test. PostgreSQL: `CREATE DATABASE test_<uuid>
 * TEMPLATE chronos_template_<hash>`, the template migrated once per migrations hash (shared by every
 * vitest fork and run). SQLite: a copy of a migrated template file in a temp folder.
 */
export async function createTestDatabase(
  provider: DbProvider,
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const prismaDir = options.prismaDir ?? findPrismaDir();
  const hash = hashMigrations(prismaDir, provider);
  // A test helper may read this one flag; production code never reads the environment (STYLE.md §6).
  const keep = options.keep ?? process.env.KEEP_TEST_DB === '1';
  if (provider === 'postgresql') {
    const adminUrl = options.adminUrl ?? DEFAULT_ADMIN_URL;
    const name = `test_${randomUUID().replaceAll('-', '')}`;
    let url: string;
    if (options.empty) {
      url = await createEmptyDatabase(adminUrl, name);
    } else {
      const template = `chronos_template_${hash}`;
      await ensurePostgresTemplate(adminUrl, template, prismaDir);
      url = await cloneDatabase(adminUrl, template, name);
    }
    return { provider, url, drop: () => (keep ? Promise.resolve() : dropDatabase(adminUrl, name)) };
  }
  const file = options.empty
    ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-test-db-')), 'chronos.db')
    : copySqliteTemplate(await ensureSqliteTemplate(hash, prismaDir));
  return {
    provider,
    url: `file:${file}`,
    async drop() {
      if (!keep) fs.rmSync(path.dirname(file), { recursive: true, force: true });
    },
  };
}

export type TestDb = TestDatabase & {
  db: Db;
  /** Closes the Db, then drops the database. */
  drop(): Promise<void>;
};

/** createTestDatabase plus an open Db on it: the usual fixture for integration tests. */
export async function openTestDb(provider: DbProvider, options: TestDatabaseOptions = {}): Promise<TestDb> {
  const database = await createTestDatabase(provider, options);
  const db = createDb({ url: database.url, ...(options.prismaDir ? { prismaDir: options.prismaDir } : {}) });
  return {
    ...database,
    db,
    async drop() {
      await db.close();
      await database.drop();
    },
  };
}
