import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DbProvider } from '../db-url.js';
import { readMigrationsList } from '../migrate/migrations-dir.js';

/**
 * A short hash of a provider's migrations: templates are named after it, so a changed or added migration
 * gets a fresh template while unchanged ones are reused across runs.
 */
export function hashMigrations(prismaDir: string, provider: DbProvider): string {
  const hash = createHash('sha256');
  const list = readMigrationsList(path.join(prismaDir, provider, 'migrations'));
  for (const dir of list.migrationDirectories) {
    hash.update(dir.path);
    hash.update(dir.migrationFile.content.tag === 'ok' ? dir.migrationFile.content.value : 'missing');
  }
  hash.update(fs.readFileSync(path.join(prismaDir, provider, 'schema.prisma')));
  return hash.digest('hex').slice(0, 12);
}
