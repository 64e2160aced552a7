import path from 'node:path';
import { UpstreamError } from '@chronos/errors';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import Database from 'better-sqlite3';
import { DB_ERROR_CODES, firstLine } from './db-errors.js';
import type { DbTarget } from './db-url.js';
import { ensureDirectory } from './ensure-directory.js';
import { PrismaClient as PostgresPrismaClient } from './generated/postgresql/client.js';
import { PrismaClient as SqlitePrismaClient } from './generated/sqlite/client.js';
import { toPgPoolConfig } from './pg-pool-config.js';

/**
 * The Prisma client type repositories are written against. The SQLite client is generated from the same
 * models (prisma/sqlite is rendered from prisma/postgresql), so its delegates have the same shape; we use
 * only features both providers support (no `mode: 'insensitive'`, no `skipDuplicates`, no native types in
 * queries). This type never leaves the package.
 */
export type PrismaDb = PostgresPrismaClient;

/** How long a SQLite connection waits for another process's write lock before failing (busy timeout). */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** Builds the Prisma client for `target` with its driver adapter. Connects lazily. */
export function createPrismaClient(target: DbTarget): PrismaDb {
  if (target.provider === 'postgresql') {
    return new PostgresPrismaClient({ adapter: new PrismaPg(toPgPoolConfig(target)) });
  }
  prepareSqliteFile(target.filePath);
  const adapter = new PrismaBetterSqlite3({ url: target.filePath, timeout: SQLITE_BUSY_TIMEOUT_MS });
  return new SqlitePrismaClient({ adapter }) as unknown as PrismaDb;
}

/**
 * Creates the parent folder and the file, and switches the file to WAL so api, worker and CLI processes
 * can read while one writes (WAL is persistent: set once, kept by the file). Fails with one clear line
 * when the path is not writable.
 */
function prepareSqliteFile(filePath: string): void {
  try {
    ensureDirectory(path.dirname(filePath));
    const db = new Database(filePath, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    try {
      db.pragma('journal_mode = WAL');
    } finally {
      db.close();
    }
  } catch (error) {
    throw new UpstreamError(`cannot open SQLite database ${filePath}: ${firstLine(error)}`, {
      code: DB_ERROR_CODES.unavailable,
      detail: 'The database is not available',
      retryable: false,
      cause: error,
    });
  }
}
