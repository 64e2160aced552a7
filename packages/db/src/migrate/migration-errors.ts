import { UpstreamError } from '@chronos/errors';
import { DB_ERROR_CODES, firstLine, isUnavailable, translateDbError } from '../db-errors.js';

/**
 * A migration the database refused. `migration` names it when known; `message` carries the database's own
 * words in one line so an operator can act on it.
 */
export class MigrationFailedError extends UpstreamError {
  readonly migration: string | undefined;
  constructor(migration: string | undefined, databaseMessage: string, cause: unknown) {
    const which = migration ? `migration ${migration} failed` : 'migrations failed';
    super(`${which}: ${databaseMessage}`, {
      code: DB_ERROR_CODES.migrationFailed,
      retryable: false,
      detail: `${which}: ${databaseMessage}`,
      meta: { migration },
      cause,
    });
    this.migration = migration;
  }
}

/**
 * Maps a failure of the engine into our errors: connection problems → UpstreamError DATABASE_UNAVAILABLE;
 * anything else → MigrationFailedError naming the migration (from the engine's span trace, else from the
 * failed row in `_prisma_migrations`).
 */
export function toMigrationError(error: unknown, failedMigration: string | undefined): Error {
  if (isUnavailable(error)) return translateDbError(error);
  const text = error instanceof Error ? error.message : String(error);
  const named = /migration_name="([^"]+)"/.exec(text)?.[1];
  return new MigrationFailedError(
    named ?? failedMigration,
    databaseMessageOf(text) || firstLine(error),
    error,
  );
}

/**
 * The engine's message is "<what the database said>" followed by a span trace ("   0: sql_schema_…").
 * Keeps the first part on one line, minus the engine's generic wrapper words.
 */
export function databaseMessageOf(engineMessage: string): string {
  const lines: string[] = [];
  for (const raw of engineMessage.split('\n')) {
    const line = raw.trim();
    if (/^\d+: /.test(line)) break;
    if (line && line !== 'external connector error')
      lines.push(line.replace(/^Error querying the database:\s*/, ''));
  }
  return lines.join(' ');
}
