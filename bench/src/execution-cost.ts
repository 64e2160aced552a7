import type { RedisConnection } from '@chronos/queue';
import pg from 'pg';
import { sleep } from './wait-for.js';

/*
 * What executions cost the database and Redis, counted where they are served: PostgreSQL's committed
 * transactions in the bench database (every statement outside an explicit transaction is one) and Redis's
 * processed commands. Both are totals over every client, so a phase measures with nothing else running
 * and subtracts what the bench itself sent.
 */

export type CostCounters = { transactions: number; redisCommands: number };

async function readTransactions(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ commits: string }>(
      'SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()',
    );
    return Number(result.rows[0]?.commits ?? 0);
  } finally {
    await client.end();
  }
}

async function readRedisCommands(redis: RedisConnection): Promise<number> {
  const info = await redis.info('stats');
  const match = /total_commands_processed:(\d+)/.exec(info);
  return match ? Number(match[1]) : 0;
}

/**
 * PostgreSQL 15 publishes an idle backend's counts up to PGSTAT_IDLE_INTERVAL (10 s) late: a reading waits
 * that long after the traffic it must include.
 */
const STATS_FLUSH_WAIT_MS = 10_500;

/** Statements one `countExecutions` poll sends (three lists, each a findMany and a count). */
export const POLL_STATEMENTS = 6;
/** What one reading adds: its SELECT, and its INFO command. */
export const READING_COST: CostCounters = { transactions: 1, redisCommands: 1 };

/** Reads both counters once everything before the call is published. */
export async function readCostCounters(databaseUrl: string, redis: RedisConnection): Promise<CostCounters> {
  await sleep(STATS_FLUSH_WAIT_MS);
  const [transactions, redisCommands] = await Promise.all([
    readTransactions(databaseUrl),
    readRedisCommands(redis),
  ]);
  return { transactions, redisCommands };
}

/**
 * Per-execution figures between two readings. `ownTransactions`/`ownRedisCommands`: what the bench sent
 * in between (its polls and the counter reads themselves), taken off before dividing.
 */
export function perExecution(
  before: CostCounters,
  after: CostCounters,
  executions: number,
  own: { transactions: number; redisCommands: number },
): { statements: number; redisCommands: number } {
  const divide = (delta: number) => Math.max(0, delta) / Math.max(1, executions);
  return {
    statements: divide(after.transactions - before.transactions - own.transactions),
    redisCommands: divide(after.redisCommands - before.redisCommands - own.redisCommands),
  };
}
