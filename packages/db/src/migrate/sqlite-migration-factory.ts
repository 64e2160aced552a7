import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter, SqlQuery } from '@prisma/driver-adapter-utils';
import type { ClosableMigrationFactory } from './pg-migration-factory.js';
import { wrapAdapter } from './wrap-adapter.js';

/** How long a migration connection waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 30_000;

/**
 * Adapter factory for the schema engine on SQLite (`filePath` may be `:memory:` for diffs). The shadow
 * database is always in memory. During shadow replay the engine sends whole migration scripts through
 * `executeRaw`, which better-sqlite3 refuses for more than one statement, so parameterless raw statements
 * are routed to `executeScript` (DESIGN.md §8, pitfall 4).
 */
export function createSqliteMigrationFactory(filePath: string): ClosableMigrationFactory {
  const open = new Set<SqlDriverAdapter>();
  const make = (url: string) =>
    new PrismaBetterSqlite3({ url, timeout: BUSY_TIMEOUT_MS }, { shadowDatabaseUrl: ':memory:' });
  const track = (adapter: SqlDriverAdapter) => {
    const wrapped = wrapAdapter(adapter, { executeRaw: routeScripts }, (w) => open.delete(w));
    open.add(wrapped);
    return wrapped;
  };
  return {
    provider: 'sqlite',
    adapterName: '@chronos/db-sqlite-migrate',
    async connect() {
      return track(await make(filePath).connect());
    },
    async connectToShadowDb() {
      return track(await make(':memory:').connect());
    },
    async closeAll() {
      await Promise.allSettled([...open].map((adapter) => adapter.dispose()));
    },
  };
}

async function routeScripts(query: SqlQuery, adapter: SqlDriverAdapter): Promise<number> {
  if (query.args.length === 0 && hasSeveralStatements(query.sql)) {
    await adapter.executeScript(query.sql);
    return 0;
  }
  return adapter.executeRaw(query);
}

/** True when a `;` is followed by more SQL (comments and whitespace aside). */
function hasSeveralStatements(sql: string): boolean {
  const withoutComments = sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
  const parts = withoutComments.split(';').filter((part) => part.trim().length > 0);
  return parts.length > 1;
}
