import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  advanceGapPass,
  createRedisConnection,
  type RedisConnection,
  readGapWatermarks,
  writeGapExceptions,
} from '../src/index.js';
import { createTestPrefix, deletePrefix, TEST_REDIS_URL } from '../src/testing.js';

let prefix: string;
let redis: RedisConnection;

beforeEach(() => {
  prefix = createTestPrefix();
  redis = createRedisConnection(TEST_REDIS_URL, 'worker');
});

afterEach(async () => {
  redis.disconnect();
  await deletePrefix(prefix);
});

describe('gap watermarks', () => {
  it('keeps the later pass and sets and clears the exceptions of a whole rebuild (100,000 jobs)', async () => {
    await advanceGapPass(redis, prefix, new Date(2_000), 60_000);
    await advanceGapPass(redis, prefix, new Date(1_000), 60_000);
    const ids = Array.from({ length: 100_000 }, (_, index) => index + 1);
    await writeGapExceptions(redis, prefix, new Map(ids.map((id) => [id, new Date(id * 1000)])), 60_000);
    const written = await readGapWatermarks(redis, prefix);
    expect(written.passAt).toEqual(new Date(2_000));
    expect(written.checkedUntilByJob.size).toBe(100_000);
    expect(written.checkedUntilByJob.get(77_777)).toEqual(new Date(77_777_000));
    // Cleared: those jobs follow the pass again.
    await writeGapExceptions(
      redis,
      prefix,
      new Map(ids.filter((id) => id > 10).map((id) => [id, null])),
      60_000,
    );
    expect([...(await readGapWatermarks(redis, prefix)).checkedUntilByJob.keys()]).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
  });
});
