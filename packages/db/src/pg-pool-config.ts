import type pg from 'pg';
import type { DbTarget } from './db-url.js';

/** Bound on connecting, so an unreachable host fails in seconds instead of hanging (pg has no default). */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * pg pool options from a parsed URL, with the parts given separately: a `connectionString` would win over
 * the `database` that the migration shadow pool sets (DESIGN.md §8, pitfall 1).
 */
export function toPgPoolConfig(target: Extract<DbTarget, { provider: 'postgresql' }>): pg.PoolConfig {
  const sslmode = target.params.sslmode;
  const ssl =
    sslmode === undefined || sslmode === 'disable' || sslmode === 'prefer' || sslmode === 'allow'
      ? undefined
      : { rejectUnauthorized: sslmode === 'verify-full' || sslmode === 'verify-ca' };
  const max = Number(target.params.connection_limit);
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(ssl ? { ssl } : {}),
    ...(Number.isInteger(max) && max > 0 ? { max } : {}),
    ...(target.params.application_name ? { application_name: target.params.application_name } : {}),
  };
}
