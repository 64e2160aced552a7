import fs from 'node:fs';
import path from 'node:path';
import type { MigrationDirectory, MigrationList } from '@prisma/schema-engine-wasm';

const LOCKFILE = 'migration_lock.toml';
const SCRIPT = 'migration.sql';

/**
 * Reads a `migrations/` folder into the list the schema engine expects, the way `prisma migrate` does:
 * one sub-folder per migration holding `migration.sql`, sorted by name (names start with a timestamp).
 */
export function readMigrationsList(migrationsDir: string): MigrationList {
  const lockPath = path.join(migrationsDir, LOCKFILE);
  const lockfile = {
    path: LOCKFILE,
    content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null,
  };
  const entries = fs.existsSync(migrationsDir) ? fs.readdirSync(migrationsDir, { withFileTypes: true }) : [];
  const migrationDirectories: MigrationDirectory[] = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b))
    .map((name) => {
      const file = path.join(migrationsDir, name, SCRIPT);
      let content: MigrationDirectory['migrationFile']['content'];
      try {
        content = { tag: 'ok', value: fs.readFileSync(file, 'utf8') };
      } catch (error) {
        content = { tag: 'error', value: (error as Error).message };
      }
      return { path: name, migrationFile: { path: SCRIPT, content } };
    });
  return { baseDir: migrationsDir, lockfile, migrationDirectories, shadowDbInitScript: '' };
}

/** Names of the migrations in a folder, oldest first. */
export function listMigrationNames(migrationsDir: string): string[] {
  return readMigrationsList(migrationsDir).migrationDirectories.map((dir) => dir.path);
}

/**
 * The folder name for a new migration: `YYYYMMDDHHMMSS_name`, strictly later than every existing one in
 * any of `migrationsDirs` (the engine applies in name order, so a clock step back must not reorder).
 */
export function nextMigrationName(name: string, now: Date, migrationsDirs: string[]): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!slug) throw new Error(`migration name "${name}" has no letters or digits`);
  let stamp = Number(now.toISOString().replace(/\D/g, '').slice(0, 14));
  for (const dir of migrationsDirs) {
    for (const existing of listMigrationNames(dir)) {
      const taken = Number(/^(\d{14})/.exec(existing)?.[1] ?? 0);
      if (taken >= stamp) stamp = nextSecond(taken);
    }
  }
  return `${stamp}_${slug}`;
}

function nextSecond(stamp: number): number {
  const s = String(stamp);
  const date = new Date(
    Date.UTC(
      +s.slice(0, 4),
      +s.slice(4, 6) - 1,
      +s.slice(6, 8),
      +s.slice(8, 10),
      +s.slice(10, 12),
      +s.slice(12, 14),
    ),
  );
  return Number(new Date(date.getTime() + 1000).toISOString().replace(/\D/g, '').slice(0, 14));
}

/** Writes `<dir>/<name>/migration.sql`; returns its path. */
export function writeMigration(migrationsDir: string, name: string, script: string): string {
  const folder = path.join(migrationsDir, name);
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, SCRIPT);
  fs.writeFileSync(file, script.endsWith('\n') ? script : `${script}\n`);
  return file;
}

/** Creates `migration_lock.toml` naming the provider when missing: the engine refuses to diff without it. */
export function ensureLockfile(migrationsDir: string, provider: string): void {
  const lockPath = path.join(migrationsDir, LOCKFILE);
  if (fs.existsSync(lockPath)) return;
  fs.mkdirSync(migrationsDir, { recursive: true });
  fs.writeFileSync(
    lockPath,
    `# Written by @chronos/db (same format as Prisma's); keep it in version control.\nprovider = "${provider}"\n`,
  );
}
