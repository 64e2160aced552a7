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
 * anything else → MigrationFailedError naming the migration (from the engine's text or from the failed
 * row in `_prisma_migrations`).
 */
export function toMigrationError(error: unknown, failedMigration: string | undefined): Error {
  if (isUnavailable(error)) return translateDbError(error);
  const text = error instanceof Error ? error.message : String(error);
  const named = /Migration name:\s*(\S+)/.exec(text)?.[1] ?? /`(\d{14}_[\w-]+)`/.exec(text)?.[1];
  const databaseMessage =
    /Database error(?: code)?:?\s*\n?\s*(.+)/.exec(text)?.[1]?.trim() ??
    /Message:\s*`?([^`\n]+)/.exec(text)?.[1]?.trim() ??
    firstLine(error);
  return new MigrationFailedError(named ?? failedMigration, databaseMessage, error);
}
