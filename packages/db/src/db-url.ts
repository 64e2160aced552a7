import path from 'node:path';
import { ConfigError } from '@chronos/errors';

/** Which database a URL points at; the connection details each driver adapter needs. */
export type DbTarget =
  | {
      provider: 'postgresql';
      url: string;
      host: string;
      port: number;
      user: string;
      password: string | undefined;
      database: string;
      /** Extra query parameters (sslmode, …) kept as-is for the pg driver. */
      params: Record<string, string>;
    }
  | { provider: 'sqlite'; url: string; filePath: string };

export type DbProvider = DbTarget['provider'];

/**
 * Reads the two URL forms createDb accepts: `postgresql://` / `postgres://` and `file:/absolute/path`.
 * Anything else (relative paths, `sqlite:///…`) must have gone through `@chronos/config`'s
 * `normalizeDbUrl` first; we reject it here instead of parsing it a second way.
 *
 * PostgreSQL parts are returned separately because the pg adapter lets a connection string override the
 * database name, which would point Prisma's shadow database at the main one (DESIGN.md §8, pitfall 1).
 */
export function parseDbUrl(url: string): DbTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) return parsePostgresUrl(url);
  if (/^file:/i.test(url)) {
    const filePath = url.slice('file:'.length);
    if (!path.isAbsolute(filePath)) {
      throw invalidUrl(`a SQLite URL must hold an absolute path (file:/var/lib/chronos/chronos.db)`);
    }
    return { provider: 'sqlite', url, filePath };
  }
  throw invalidUrl('unsupported database URL: expected postgresql://… or file:/absolute/path');
}

function parsePostgresUrl(url: string): DbTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw invalidUrl(
      'not a valid PostgreSQL URL: expected postgresql://user:password@host:5432/database',
      cause,
    );
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!parsed.hostname) throw invalidUrl('a PostgreSQL URL needs a host: postgresql://user@host:5432/db');
  if (!database) throw invalidUrl('a PostgreSQL URL needs a database name: postgresql://user@host:5432/db');
  return {
    provider: 'postgresql',
    url,
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || 'postgres',
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database,
    params: Object.fromEntries(parsed.searchParams),
  };
}

/** The URL with its password replaced, for messages and logs. */
export function redactDbUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

function invalidUrl(message: string, cause?: unknown): ConfigError {
  const error = new ConfigError([{ path: 'DB_URL', message }]);
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause });
  return error;
}
