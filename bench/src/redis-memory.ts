import type { RedisConnection } from '@chronos/queue';

/** `used_memory` from INFO memory: everything Redis holds, all clients included. */
export async function readUsedMemory(redis: RedisConnection): Promise<number> {
  const info = await redis.info('memory');
  const match = /^used_memory:(\d+)\r?$/m.exec(info);
  if (!match?.[1]) throw new Error('INFO memory has no used_memory');
  return Number(match[1]);
}

/**
 * Bytes held by the keys under `prefix`: SCAN plus `MEMORY USAGE key SAMPLES 0` (exact, every element
 * counted). Unlike the used_memory delta it ignores whatever other clients of the same Redis do meanwhile.
 */
export async function measurePrefixMemory(
  redis: RedisConnection,
  prefix: string,
): Promise<{ keys: number; bytes: number }> {
  let cursor = '0';
  let keys = 0;
  let bytes = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (batch.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of batch) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    for (const [error, size] of (await pipeline.exec()) ?? []) {
      if (!error && typeof size === 'number') bytes += size;
    }
    keys += batch.length;
  } while (cursor !== '0');
  return { keys, bytes };
}
