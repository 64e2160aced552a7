import { listJobSchedules } from '@chronos/queue';
import { describe, expect } from 'vitest';
import { EVERY_SECOND } from './helpers/cron.js';
import { test } from './helpers/fixtures.js';
import { PIPELINE } from './helpers/harness.js';
import { waitFor } from './helpers/wait-for.js';

const STOP_PATH = `/pipelines/${PIPELINE}/commands/sync/stop`;

describe('concurrency policy and stale schedulers', () => {
  test('forbid: a task slower than its interval yields skipped ticks, never two runs at once', async ({
    harness,
  }) => {
    harness.sim.addFault({ route: `POST ${STOP_PATH}`, delayMs: 2500 });
    await harness.startRuntime({ env: { WORKER_CONCURRENCY: '4' } });
    const job = await harness.createJob({
      taskType: 'pipeline_stop',
      cronExpression: EVERY_SECOND,
      concurrencyPolicy: 'forbid',
      enabled: true,
    });
    await harness.schedule(job);

    await waitFor(
      async () => {
        const { items } = await harness.db.executions.list({ jobId: job.id, status: 'succeeded' });
        return items.length >= 2;
      },
      { what: 'two runs to finish', timeoutMs: 30_000 },
    );
    await harness.db.jobs.update(job.id, { enabled: false });
    await waitFor(async () => (await harness.db.executions.findRunning(job.id)) === null, {
      what: 'the last run to finish',
    });

    const { items } = await harness.db.executions.list({ jobId: job.id, limit: 1000 });
    const skipped = items.filter((execution) => execution.status === 'skipped');
    const ran = items.filter((execution) => execution.startedAt !== null);
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped[0]?.error).toContain('concurrency_policy=forbid');
    const intervals = ran
      .map((execution) => [execution.startedAt!.getTime(), execution.finishedAt!.getTime()] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < intervals.length; i += 1) {
      expect(intervals[i]![0]).toBeGreaterThanOrEqual(intervals[i - 1]![1]);
    }
    expect(harness.sim.journal({ kind: 'http', path: STOP_PATH })).toHaveLength(ran.length);
  });

  test('a tick of a disabled job runs nothing and removes its stale scheduler', async ({ harness }) => {
    // A long reconcile interval: only the tick itself can notice the scheduler is stale.
    await harness.startRuntime({ env: { RECONCILE_INTERVAL_SECONDS: '3600' } });
    const job = await harness.createJob({
      taskType: 'pipeline_stop',
      cronExpression: EVERY_SECOND,
      enabled: false,
    });
    await harness.schedule(job);

    await waitFor(async () => (await listJobSchedules(harness.queue)).owned.length === 0, {
      what: 'the stale scheduler to be removed',
    });
    expect((await harness.db.executions.list({ jobId: job.id })).total).toBe(0);
    expect(harness.sim.journal({ kind: 'http', path: STOP_PATH })).toHaveLength(0);
  });
});
