import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createDb } from '../create-db.js';

/** Where migrated SQLite templates live between runs (one file per migrations hash). */
export const SQLITE_TEMPLATE_DIR = path.join(os.tmpdir(), 'chronos-db-templates');

/**
 * Returns the path of a migrated SQLite template for `hash`, building it when missing. Race-safe across
 * processes without a lock: each builder migrates its own scratch file and renames it into place, and a
 * rename is atomic, so readers see either no template or a complete one.
 */
export async function ensureSqliteTemplate(hash: string, prismaDir: string): Promise<string> {
  const templatePath = path.join(SQLITE_TEMPLATE_DIR, `template-${hash}.db`);
  if (fs.existsSync(templatePath)) return templatePath;
  fs.mkdirSync(SQLITE_TEMPLATE_DIR, { recursive: true });
  const scratchDir = fs.mkdtempSync(path.join(SQLITE_TEMPLATE_DIR, 'build-'));
  const scratch = path.join(scratchDir, 'template.db');
  try {
    const db = createDb({ url: `file:${scratch}`, prismaDir });
    try {
      await db.migrate.deploy();
    } finally {
      await db.close();
    }
    // Fold the WAL into the main file explicitly: that file is all we copy.
    const checkpoint = new Database(scratch);
    try {
      checkpoint.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      checkpoint.close();
    }
    fs.renameSync(scratch, templatePath);
  } finally {
    fs.rmSync(scratchDir, { recursive: true, force: true });
  }
  return templatePath;
}

/** Copies the template into a fresh temp folder; returns the new database file. */
export function copySqliteTemplate(templatePath: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-test-db-'));
  const file = path.join(dir, 'chronos.db');
  fs.copyFileSync(templatePath, file);
  return file;
}
