import { listJobSchedules } from '@chronos/queue';
import { deletePrefix } from '@chronos/queue/testing';
import { describe, expect } from 'vitest';
import { EVERY_SECOND } from './helpers/cron.js';
import { test } from './helpers/fixtures.js';
import { PIPELINE } from './helpers/harness.js';
import { waitFor } from './helpers/wait-for.js';

const STOP_PATH = `/pipelines/${PIPELINE}/commands/sync/stop`;

describe('Redis loses everything', () => {
  test('after every key of the prefix is deleted, schedules come back, ticks resume and nothing doubles', async ({
    harness,
  }) => {
    await harness.startRuntime();
    const jobs = await Promise.all(
      [1, 2].map(() =>
        harness.createJob({
          taskType: 'pipeline_stop',
          cronExpression: EVERY_SECOND,
          concurrencyPolicy: 'allow',
          enabled: true,
        }),
      ),
    );
    // The reconciler (not an API write) creates the schedulers: the database is the source of truth.
    await harness.reconcile();
    const countRuns = async (jobId: number) =>
      (await harness.db.executions.list({ jobId, status: 'succeeded' })).total;
    await waitFor(
      async () => (await Promise.all(jobs.map((job) => countRuns(job.id)))).every((n) => n >= 2),
      {
        what: 'ticks before the flush',
      },
    );

    const flushedAt = Date.now();
    expect(await deletePrefix(harness.prefix)).toBeGreaterThan(0);

    await waitFor(async () => (await listJobSchedules(harness.queue)).owned.length === jobs.length, {
      what: 'the schedulers to be restored',
    });
    await waitFor(
      async () => {
        for (const job of jobs) {
          const { items } = await harness.db.executions.list({
            jobId: job.id,
            status: 'succeeded',
            limit: 5,
          });
          if (!items.some((execution) => execution.scheduledFor.getTime() > flushedAt + 1000)) return false;
        }
        return true;
      },
      { what: 'ticks after the flush' },
    );
    for (const job of jobs) await harness.db.jobs.update(job.id, { enabled: false });
    await waitFor(
      async () =>
        (await Promise.all(jobs.map((job) => harness.db.executions.findRunning(job.id)))).every(
          (r) => r === null,
        ),
      { what: 'the last runs to finish' },
    );

    const { items } = await harness.db.executions.list({ limit: 1000 });
    const keys = items.map((execution) => `${execution.jobId}@${execution.scheduledFor.toISOString()}`);
    expect(new Set(keys).size).toBe(keys.length);
    const started = items.filter((execution) => execution.startedAt !== null);
    // One CoreHub call per execution that ran: no tick ran twice.
    expect(harness.sim.journal({ kind: 'http', path: STOP_PATH })).toHaveLength(started.length);
  });
});
