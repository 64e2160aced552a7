import { describe, expect, it } from 'vitest';
import { nextMigrationName } from './migrations-dir.js';

describe('nextMigrationName', () => {
  const none = ['/nonexistent/chronos/migrations'];

  it('prefixes a UTC timestamp and slugs the name', () => {
    expect(nextMigrationName('Add Retention Index!', new Date('2026-03-29T01:02:03.999Z'), none)).toBe(
      '20260329010203_add_retention_index',
    );
  });

  it('refuses a name with nothing usable in it', () => {
    expect(() => nextMigrationName('!!!', new Date('2026-01-01T00:00:00Z'), none)).toThrow(/no letters/);
  });
});
