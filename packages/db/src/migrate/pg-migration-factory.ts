import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import type { DbTarget } from '../db-url.js';
import { toPgPoolConfig } from '../pg-pool-config.js';
import { wrapAdapter } from './wrap-adapter.js';

type PgTarget = Extract<DbTarget, { provider: 'postgresql' }>;

/** PostgreSQL OIDs: the one-byte `"char"` type used by catalog columns (relkind, contype, …) and text. */
const CHAR_OID = 18;
const TEXT_OID = 25;

/**
 * The schema engine reads pg_catalog columns of type `"char"`, which @prisma/adapter-pg rejects as an
 * unsupported native type (DESIGN.md §8, pitfall 2). Their text value is what the engine expects, so this
 * client reports them as `text`. Only the migration pools use it; the application client does not.
 */
class CatalogFriendlyClient extends pg.Client {}
const baseQuery = pg.Client.prototype.query;
CatalogFriendlyClient.prototype.query = function patchedQuery(this: pg.Client, ...args: unknown[]) {
  const last = args.at(-1);
  if (typeof last === 'function') {
    args[args.length - 1] = (error: unknown, result: unknown) => last(error, relabelCharColumns(result));
    return (baseQuery as (...a: unknown[]) => unknown).apply(this, args);
  }
  const out = (baseQuery as (...a: unknown[]) => unknown).apply(this, args);
  return out instanceof Promise ? out.then(relabelCharColumns) : out;
} as typeof baseQuery;

function relabelCharColumns(result: unknown): unknown {
  for (const one of Array.isArray(result) ? result : [result]) {
    const fields = (one as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
    for (const field of fields ?? []) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  }
  return result;
}

/** A migration-aware factory plus a way to release every connection it opened. */
export type ClosableMigrationFactory = SqlMigrationAwareDriverAdapterFactory & { closeAll(): Promise<void> };

/**
 * Adapter factory for the schema engine on PostgreSQL. Differs from `new PrismaPg(url)` in three ways the
 * engine needs: connection parts are passed separately (so the shadow database really is another
 * database), `"char"` catalog columns are readable, and a shadow database is dropped only after its pool
 * has ended (DROP DATABASE fails while sessions are connected; pitfall 3).
 */
export function createPgMigrationFactory(target: PgTarget): ClosableMigrationFactory {
  const config: pg.PoolConfig = { ...toPgPoolConfig(target), Client: CatalogFriendlyClient, max: 2 };
  const open = new Set<SqlDriverAdapter>();
  const track = (adapter: SqlDriverAdapter, afterDispose?: () => Promise<void>) => {
    const wrapped = wrapAdapter(adapter, afterDispose ? { afterDispose } : {}, (w) => open.delete(w));
    open.add(wrapped);
    return wrapped;
  };

  return {
    provider: 'postgres',
    adapterName: '@chronos/db-pg-migrate',
    async connect() {
      return track(await new PrismaPg(config).connect());
    },
    async connectToShadowDb() {
      const shadow = `chronos_shadow_${crypto.randomUUID().replaceAll('-', '')}`;
      await runAdminStatement(config, `CREATE DATABASE "${shadow}"`);
      const adapter = await new PrismaPg({ ...config, database: shadow }).connect();
      return track(adapter, () => runAdminStatement(config, `DROP DATABASE IF EXISTS "${shadow}"`));
    },
    async closeAll() {
      await Promise.allSettled([...open].map((adapter) => adapter.dispose()));
    },
  };
}

async function runAdminStatement(config: pg.PoolConfig, sql: string): Promise<void> {
  const client = new pg.Client({ ...config, Client: undefined } as pg.ClientConfig);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
