/**
 * Renders prisma/sqlite/schema.prisma from prisma/postgresql/schema.prisma. The models are the same; only
 * the datasource provider, the generator output and PostgreSQL-only native types (`@db.Timestamptz(3)`)
 * differ. Pure string → string so the drift test can run it without touching the file system.
 */
export const SQLITE_HEADER =
  '// GENERATED from ../postgresql/schema.prisma by packages/db/scripts/sync-schemas.mjs: do not edit.\n';

/** @param {string} postgresSchema @returns {string} */
export function renderSqliteSchema(postgresSchema) {
  const body = postgresSchema
    .replace(/provider(\s*)= "postgresql"/, 'provider$1= "sqlite"')
    .replace('generated/postgresql"', 'generated/sqlite"')
    // Native types exist only on PostgreSQL; SQLite stores every DateTime the same way.
    .replace(/ @db\.[A-Za-z]+(\([^)]*\))?/g, '');
  return SQLITE_HEADER + body;
}
