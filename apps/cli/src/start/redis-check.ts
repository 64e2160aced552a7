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

/** A Redis URL without its password. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Host and port of a redis:// URL (6379 when it names none). */
function redisAddress(url: string): { host: string; port: string } | undefined {
  try {
    const parsed = new URL(url);
    return { host: parsed.hostname || '127.0.0.1', port: parsed.port || '6379' };
  } catch {
    return undefined;
  }
}

/**
 * What to do when Redis does not answer: for a Redis meant to run on this machine, the command that starts
 * it on REDIS_URL's port; for one elsewhere, to check that host; and the variable to point elsewhere.
 */
export function describeMissingRedis(url: string): string {
  const address = redisAddress(url);
  const isLocal = address !== undefined && LOOPBACK.has(address.host);
  const where = isLocal
    ? [
        'Chronos keeps its schedules in Redis. Start one on this machine:',
        `  redis-server --daemonize yes --bind 127.0.0.1 --port ${address.port} --maxmemory-policy noeviction`,
        'not installed? apt-get install -y redis-server   (Debian/Ubuntu; macOS: brew install redis)',
      ]
    : [
        `Chronos keeps its schedules in Redis: check that Redis runs on ${address ? `${address.host} port ${address.port}` : 'the host REDIS_URL names'} and that this machine may connect to it.`,
      ];
  return [
    `chronos start: Redis does not answer at ${redactRedisUrl(url)} (REDIS_URL).`,
    ...where,
    'or use another Redis: REDIS_URL=redis://host:6379 pnpm start',
    '',
  ].join('\n');
}
