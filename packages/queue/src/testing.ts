import { randomUUID } from 'node:crypto';
import { Cluster, type Redis } from 'ioredis';
import { createRedisConnection, type RedisTarget } from './redis-connection.js';

export {
  type RedisTopology,
  type SentinelTopology,
  startRedisCluster,
  startRedisSentinel,
  startRedisServer,
} from './redis-servers.js';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A key prefix of its own for one test, so parallel tests and runs never see each other's queues. With
 * `hashTag` it is one Redis Cluster hash tag (`{t-…}`), as Cluster requires.
 */
export function createTestPrefix(options: { hashTag?: boolean } = {}): string {
  const prefix = `t-${randomUUID()}`;
  return options.hashTag ? `{${prefix}}` : prefix;
}

/** Deletes the keys one server holds under `pattern`, one DEL per key (keys of a node may span slots). */
async function deleteMatching(redis: Redis, pattern: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.del(key);
    for (const [, count] of (await pipeline.exec()) ?? []) deleted += Number(count ?? 0);
  } while (cursor !== '0');
  return deleted;
}

/** Deletes every key under `prefix` (SCAN, never KEYS; on every primary of a Cluster). */
export async function deletePrefix(prefix: string, target: RedisTarget = TEST_REDIS_URL): Promise<number> {
  const redis = createRedisConnection(target, 'worker', { retryStrategy: () => null });
  redis.on('error', () => undefined);
  // SCAN's glob treats [ ] ? * and \ specially; a prefix is matched literally.
  const pattern = `${prefix.replace(/[[\]?*\\]/g, '\\$&')}:*`;
  try {
    if (!(redis instanceof Cluster)) return await deleteMatching(redis, pattern);
    let deleted = 0;
    for (const node of redis.nodes('master')) deleted += await deleteMatching(node, pattern);
    return deleted;
  } finally {
    redis.disconnect();
  }
}
