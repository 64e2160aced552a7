import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { DbTarget } from '../db-url.js';
import { toPgPoolConfig } from '../pg-pool-config.js';

/**
 * Session-level advisory lock key for "Chronos is migrating this database". Deliberately not Prisma's own
 * key (72707369): the engine may take that one itself on another connection of this process.
 */
const PG_LOCK_KEY = 4_242_017_707;
const SQLITE_POLL_MS = 50;

export type LockOptions = { timeoutMs: number };

/**
 * Runs `work` while holding an exclusive, cross-process migration lock for `target`, so that api and
 * worker replicas starting together migrate one after the other (the second then finds nothing to do).
 *
 * - PostgreSQL: `pg_advisory_lock` on a dedicated connection; the server frees it if the process dies.
 * - SQLite: `BEGIN IMMEDIATE` on a sidecar file `<db>.migrate-lock`; the OS frees the file lock if the
 *   process dies. A sidecar, because holding a write lock on the database itself would block the engine.
 */
export async function withMigrationLock<T>(
  target: DbTarget,
  options: LockOptions,
  work: () => Promise<T>,
): Promise<T> {
  return target.provider === 'postgresql'
    ? withPgLock(target, options, work)
    : withSqliteLock(`${target.filePath}.migrate-lock`, options, work);
}

async function withPgLock<T>(
  target: Extract<DbTarget, { provider: 'postgresql' }>,
  options: LockOptions,
  work: () => Promise<T>,
): Promise<T> {
  const client = new pg.Client(toPgPoolConfig(target));
  // An idle lock connection can be dropped by the server; the error must not crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(options.timeoutMs))}`);
    await client.query('SELECT pg_advisory_lock($1)', [PG_LOCK_KEY]);
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PG_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function withSqliteLock<T>(lockPath: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const lock = new Database(lockPath, { timeout: 0 });
  try {
    const deadline = Date.now() + options.timeoutMs;
    // Poll instead of a busy timeout: better-sqlite3 would block the event loop while it waits.
    for (;;) {
      try {
        lock.exec('BEGIN IMMEDIATE');
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
        await sleep(SQLITE_POLL_MS);
      }
    }
    try {
      return await work();
    } finally {
      lock.exec('ROLLBACK');
    }
  } finally {
    lock.close();
  }
}
