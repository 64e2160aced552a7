import { TEST_REDIS_URL } from '@chronos/queue/testing';
import { describe, expect } from 'vitest';
import { EVERY_SECOND } from './helpers/cron.js';
import { test } from './helpers/fixtures.js';
import { PIPELINE } from './helpers/harness.js';
import { startTcpProxy } from './helpers/tcp-proxy.js';
import { waitFor, waitUntil } from './helpers/wait-for.js';

const STOP_PATH = `/pipelines/${PIPELINE}/commands/sync/stop`;

describe('Redis connection loss', () => {
  test('the worker survives Redis going away and coming back: ticks resume, none runs twice', async ({
    harness,
  }) => {
    const redis = new URL(TEST_REDIS_URL);
    const proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    try {
      await harness.startRuntime({ env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}` } });
      const job = await harness.createJob({
        taskType: 'pipeline_stop',
        cronExpression: EVERY_SECOND,
        concurrencyPolicy: 'allow',
        enabled: true,
      });
      await harness.schedule(job);
      const countRuns = async () =>
        (await harness.db.executions.list({ jobId: job.id, status: 'succeeded' })).total;
      await waitFor(async () => (await countRuns()) >= 2, { what: 'ticks before the outage' });

      proxy.setDown(true);
      await waitUntil(Date.now() + 2500);
      proxy.setDown(false);
      const restoredAt = Date.now();

      await waitFor(
        async () => {
          const { items } = await harness.db.executions.list({
            jobId: job.id,
            status: 'succeeded',
            limit: 1,
          });
          return items[0] && items[0].scheduledFor.getTime() > restoredAt;
        },
        { what: 'a tick after Redis came back', timeoutMs: 30_000 },
      );
      await harness.db.jobs.update(job.id, { enabled: false });
      await waitFor(async () => (await harness.db.executions.findRunning(job.id)) === null, {
        what: 'the last tick to finish',
      });
      const { items } = await harness.db.executions.list({ jobId: job.id, limit: 1000 });
      const started = items.filter((execution) => execution.startedAt !== null);
      expect(harness.sim.journal({ kind: 'http', path: STOP_PATH })).toHaveLength(started.length);
    } finally {
      await harness.close();
      await proxy.close();
    }
  });
});
