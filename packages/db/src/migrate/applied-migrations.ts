import Database from 'better-sqlite3';
import pg from 'pg';
import type { DbTarget } from '../db-url.js';
import { toPgPoolConfig } from '../pg-pool-config.js';

/** One row of Prisma's `_prisma_migrations` table, as far as status needs it. */
export type AppliedMigrationRow = {
  name: string;
  finished: boolean;
  rolledBack: boolean;
  logs: string | null;
};

const SELECT_ROWS =
  'SELECT migration_name, finished_at, rolled_back_at, logs FROM _prisma_migrations ORDER BY started_at, migration_name';

/**
 * Reads `_prisma_migrations` with the plain driver (no schema engine needed). Returns null when the table
 * does not exist yet, i.e. nothing was ever applied.
 */
export async function readAppliedMigrations(target: DbTarget): Promise<AppliedMigrationRow[] | null> {
  if (target.provider === 'sqlite') {
    const db = new Database(target.filePath, { fileMustExist: false, timeout: 5_000 });
    try {
      const exists = db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
        .get();
      if (!exists) return null;
      return (db.prepare(SELECT_ROWS).all() as RawRow[]).map(toRow);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client(toPgPoolConfig(target));
  client.on('error', () => undefined);
  await client.connect();
  try {
    const exists = await client.query("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present");
    if (!exists.rows[0]?.present) return null;
    return (await client.query<RawRow>(SELECT_ROWS)).rows.map(toRow);
  } finally {
    await client.end().catch(() => undefined);
  }
}

type RawRow = {
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
  logs: string | null;
};

function toRow(row: RawRow): AppliedMigrationRow {
  return {
    name: row.migration_name,
    finished: row.finished_at !== null,
    rolledBack: row.rolled_back_at !== null,
    logs: row.logs,
  };
}
