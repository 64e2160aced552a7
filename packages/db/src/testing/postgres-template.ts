import pg from 'pg';
import { createDb } from '../create-db.js';

/** The admin connection used to create templates and test databases (trust auth on this machine). */
export const DEFAULT_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
/** Advisory lock key serialising template builds across vitest forks and parallel runs. */
const TEMPLATE_LOCK_KEY = 4_242_017_708;

/**
 * Makes sure a migrated template database `name` exists, building it at most once across processes: the
 * builder holds an advisory lock; the others wait on it, then find the template ready. A template left
 * half-built by a crashed run (not marked `IS_TEMPLATE`) is dropped and rebuilt.
 */
export async function ensurePostgresTemplate(
  adminUrl: string,
  name: string,
  prismaDir: string,
): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    if (await isReadyTemplate(admin, name)) return;
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    try {
      if (await isReadyTemplate(admin, name)) return;
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${name}"`);
      const db = createDb({ url: withDatabase(adminUrl, name), prismaDir });
      try {
        await db.migrate.deploy();
      } finally {
        await db.close();
      }
      await admin.query(`ALTER DATABASE "${name}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
    }
  } finally {
    await admin.end();
  }
}

async function isReadyTemplate(admin: pg.Client, name: string): Promise<boolean> {
  const result = await admin.query('SELECT datistemplate FROM pg_database WHERE datname = $1', [name]);
  return result.rows[0]?.datistemplate === true;
}

/** Creates `name` as a copy of `template`; returns its URL. */
export async function cloneDatabase(adminUrl: string, template: string, name: string): Promise<string> {
  await runAdmin(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return withDatabase(adminUrl, name);
}

/** Creates an empty database `name`; returns its URL. */
export async function createEmptyDatabase(adminUrl: string, name: string): Promise<string> {
  await runAdmin(adminUrl, `CREATE DATABASE "${name}"`);
  return withDatabase(adminUrl, name);
}

/** Drops a test database, disconnecting whoever still uses it. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await runAdmin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

async function runAdmin(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
