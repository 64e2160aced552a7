import { loadConfig } from '@chronos/config';
import { createTestDatabase, type TestDatabase } from '@chronos/db/testing';
import { createLogger } from '@chronos/logger';
import { createTestPrefix, deletePrefix, TEST_REDIS_URL } from '@chronos/queue/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { startApi } from '../src/index.js';

describe('startApi / stop', () => {
  let database: TestDatabase | undefined;
  const prefix = createTestPrefix();
  afterAll(async () => {
    await database?.drop();
    await deletePrefix(prefix);
  });

  it('stops cleanly right after starting, while Redis may still be shaking hands', async () => {
    database = await createTestDatabase('sqlite');
    const config = loadConfig({
      DB_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'silent',
    });
    const logger = createLogger({ service: 'api-test', level: 'silent' });
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      for (let round = 0; round < 12; round += 1) {
        const api = await startApi(config, logger, { host: '127.0.0.1', port: 0 });
        expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        if (round % 3 === 0) expect((await fetch(`${api.url}/health`)).status).toBe(200);
        await api.stop();
      }
      // Give a late rejection from a closed connection the chance to surface.
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections).toEqual([]);
  });
});
