import { Redis, type RedisOptions } from 'ioredis';

export type RedisRole =
  /** API side: commands fail fast while Redis is down, so an API write can report "pending sync". */
  | 'client'
  /** Worker side: blocking commands wait for Redis to come back (BullMQ requires this for Workers). */
  | 'worker';

/** The ioredis client every Chronos process talks to Redis with. */
export type RedisConnection = Redis;

/** One ioredis connection configured for its role. The caller owns it and must `quit()` it. */
export function createRedisConnection(url: string, role: RedisRole, extra: RedisOptions = {}): Redis {
  const common: RedisOptions = {
    lazyConnect: false,
    connectTimeout: 5000,
    // Reconnect forever with a capped delay: a restarted Redis must be picked up without a process restart.
    retryStrategy: (attempt) => Math.min(200 * attempt, 2000),
    ...extra,
  };
  if (role === 'worker') return new Redis(url, { ...common, maxRetriesPerRequest: null });
  return new Redis(url, { ...common, maxRetriesPerRequest: 1, enableOfflineQueue: false });
}

/** True when Redis answers PING within `timeoutMs`. */
export async function pingRedis(redis: Redis, timeoutMs = 1000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('redis ping timed out')), timeoutMs);
    });
    return (await Promise.race([redis.ping(), timeout])) === 'PONG';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
