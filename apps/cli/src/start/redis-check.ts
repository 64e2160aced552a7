import { createRedisConnection, pingRedis, type RedisTarget } from '@chronos/queue';

/** How long `chronos start` waits for Redis before explaining how to get one. */
const REDIS_CHECK_TIMEOUT_MS = 3000;

/**
 * True when Redis (one server, via Sentinel or a Cluster) answers PING. One connection attempt, no retries:
 * this is a start-up check with a person waiting, not the workers' reconnect-forever connection.
 */
export async function isRedisAnswering(
  target: RedisTarget,
  timeoutMs = REDIS_CHECK_TIMEOUT_MS,
): Promise<boolean> {
  const redis = createRedisConnection(target, 'client', {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  // Without a listener ioredis reports a refused connection as an unhandled 'error' event.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await pingRedis(redis, timeoutMs);
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** What to do when Redis does not answer: the exact commands, and the variable to point elsewhere. */
export function describeMissingRedis(url: string): string {
  return [
    `chronos start: Redis does not answer at ${url} (REDIS_URL).`,
    'Chronos keeps its schedules in Redis. Start one on this machine:',
    '  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --maxmemory-policy noeviction',
    'not installed? apt-get install -y redis-server   (Debian/Ubuntu; macOS: brew install redis)',
    'or use a Redis elsewhere: REDIS_URL=redis://host:6379 pnpm start',
    '',
  ].join('\n');
}
