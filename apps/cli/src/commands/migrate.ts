import { loadConfig } from '@chronos/config';
import { createDb, type Db, type MigrationStatus, redactDbUrl } from '@chronos/db';
import { AppError, UpstreamError } from '@chronos/errors';
import { createLogger } from '@chronos/logger';
import type { CommandContext, CommandRun } from '../command.js';
import { UsageError } from '../usage-error.js';

/** `chronos migrate …`: the database migrations of DB_URL (or DATA_DIR's SQLite file). */
export const runMigrate: CommandRun = async (context) => {
  const [action = 'deploy', ...rest] = context.positionals;
  if (!['deploy', 'status', 'create'].includes(action))
    throw new UsageError(`unknown migrate action "${action}"`);
  if (action !== 'create' && rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const config = loadConfig(context.env);
  // The CLI's output is its result lines; lifecycle logs (info) only when asked for.
  const level = context.env.LOG_LEVEL || context.env.DEBUG ? config.logging.level : 'warn';
  const logger = createLogger({ service: 'chronos-cli', level, destination: context.stderr });
  // Migrations go to the database itself: DIRECT_DB_URL when DB_URL is a pooler.
  const url = config.database.migrationUrl ?? config.database.url;
  const db = withDbUrl(url, () => createDb({ url, logger }));
  try {
    return await withDbUrlAsync(url, () => runAction(db, action, rest, context));
  } finally {
    await db.close();
  }
};

async function runAction(db: Db, action: string, rest: string[], context: CommandContext): Promise<number> {
  const out = (line: string) => context.stdout.write(`${line}\n`);
  if (action === 'deploy') {
    const { applied } = await db.migrate.deploy();
    out(applied.length === 0 ? 'database is up to date' : `applied ${applied.length}: ${applied.join(', ')}`);
    return 0;
  }
  if (action === 'status') {
    const status = await db.migrate.status();
    for (const line of describeStatus(status)) out(line);
    return status.pending.length === 0 && status.failed.length === 0 ? 0 : 1;
  }
  const postgresUrl = context.values['postgres-url'] as string | undefined;
  if (rest.length === 0)
    throw new UsageError('migrate create needs a name, e.g. chronos migrate create add_index');
  const name = rest.join('_');
  const created = await db.migrate.create(name, postgresUrl ? { postgresUrl } : {});
  if (!created.name) {
    out('no schema changes: nothing to create');
    return 0;
  }
  out(`created ${created.name}`);
  for (const file of created.files) out(`  ${file}`);
  return 0;
}

function describeStatus(status: MigrationStatus): string[] {
  const lines = [`${status.provider}: ${status.applied.length} applied, ${status.pending.length} pending`];
  for (const name of status.applied) lines.push(`  applied  ${name}`);
  for (const name of status.pending) lines.push(`  pending  ${name}`);
  for (const name of status.failed)
    lines.push(`  FAILED   ${name} (fix the database by hand, then mark it rolled back)`);
  for (const name of status.unknown) lines.push(`  unknown  ${name} (in the database, not in this release)`);
  return lines;
}

/**
 * Prefixes database failures with the variable and the (password-free) URL they came from, so the one
 * line the user sees says what to fix: `DB_URL postgresql://…@db:5432/chronos: database unavailable: …`.
 */
function withDbUrl<T>(url: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw nameDbUrl(url, error);
  }
}

async function withDbUrlAsync<T>(url: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw nameDbUrl(url, error);
  }
}

function nameDbUrl(url: string, error: unknown): unknown {
  if (error instanceof UpstreamError && error.code === 'DATABASE_UNAVAILABLE') {
    return new UpstreamError(`DB_URL ${redactDbUrl(url)}: ${error.message}`, {
      code: error.code,
      cause: error,
    });
  }
  return error instanceof AppError || error instanceof Error ? error : new Error(String(error));
}
