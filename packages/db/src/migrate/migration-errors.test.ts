import { UpstreamError } from '@chronos/errors';
import { describe, expect, it } from 'vitest';
import { MigrationFailedError, toMigrationError } from './migration-errors.js';

const trace = `   0: sql_schema_connector::apply_migration::apply_script
           with migration_name="20260101000000_add_index"
             at schema-engine/connectors/sql-schema-connector/src/apply_migration.rs:113
   1: schema_commands::commands::apply_migrations::Applying migration`;

describe('toMigrationError', () => {
  it('names the migration and keeps the PostgreSQL message on one line', () => {
    const raw = new Error(
      `external connector error\nError querying the database: ERROR: relation "settings" already exists\n${trace}`,
    );
    const error = toMigrationError(raw, undefined);
    expect(error).toBeInstanceOf(MigrationFailedError);
    expect(error.message).toBe(
      'migration 20260101000000_add_index failed: ERROR: relation "settings" already exists',
    );
    expect((error as MigrationFailedError).migration).toBe('20260101000000_add_index');
  });

  it('keeps the SQLite message, which comes without a wrapper', () => {
    const error = toMigrationError(new Error(`table "settings" already exists\n${trace}`), undefined);
    expect(error.message).toBe('migration 20260101000000_add_index failed: table "settings" already exists');
  });

  it('falls back to the failed migration found in the database', () => {
    const error = toMigrationError(new Error('syntax error'), '20250101000000_init') as MigrationFailedError;
    expect(error.migration).toBe('20250101000000_init');
    expect(error.message).toBe('migration 20250101000000_init failed: syntax error');
  });

  it('reports an unreachable database as DATABASE_UNAVAILABLE, not as a failed migration', () => {
    const raw = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const error = toMigrationError(raw, undefined);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe('DATABASE_UNAVAILABLE');
  });
});
