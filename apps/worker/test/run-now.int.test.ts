import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';
import { createHarness, ENTITIES, PIPELINE } from './helpers/harness.js';

const START_PATH = `/pipelines/${PIPELINE}/commands/sync/start`;

describe('run-now executions', () => {
  test('runs a disabled job when asked, records every call as a step, and leaves it disabled', async ({
    harness,
  }) => {
    await harness.startRuntime();
    const job = await harness.createJob({
      taskType: 'entity_start',
      entityIds: [...ENTITIES],
      withSnapshot: true,
      snapshotWriteMethod: 'INSERT',
      enabled: false,
    });
    const queued = await harness.runNow(job);
    const finished = await harness.waitForFinal(queued.id);

    expect(finished).toMatchObject({ status: 'succeeded', attempt: 1, error: null, trigger: 'manual' });
    const calls = harness.sim.journal({ kind: 'http', path: START_PATH });
    expect(calls.map((call) => call.query)).toEqual(
      ENTITIES.map((entity) => ({ entity, withSnapshot: 'true', snapshotWriteMethod: 'INSERT' })),
    );
    expect(finished.steps).toEqual(
      ENTITIES.map((entity) =>
        expect.objectContaining({
          method: 'POST',
          path: `${START_PATH}?entity=${entity}&withSnapshot=true&snapshotWriteMethod=INSERT`,
          status: 202,
          attempt: 1,
        }),
      ),
    );
    const after = await harness.db.jobs.get(job.id);
    expect(after).toMatchObject({
      enabled: false,
      lastStatus: 'succeeded',
      nextRun: null,
      lastErrorMessage: null,
    });
    expect(after.lastSuccessfulRun).not.toBeNull();
  });

  test('retries a CoreHub 500 up to max_attempts, then fails with the hub message', async ({ harness }) => {
    await harness.startRuntime();
    harness.sim.addFault({
      route: `POST ${START_PATH}`,
      status: 500,
      body: { message: 'agent unreachable' },
    });
    const job = await harness.createJob({ taskType: 'pipeline_start', maxAttempts: 3 });
    const finished = await harness.waitForFinal((await harness.runNow(job)).id);

    expect(finished.status).toBe('failed');
    expect(finished.attempt).toBe(3);
    expect(finished.error).toBe(`CoreHub answered 500 to POST ${START_PATH}: agent unreachable`);
    expect(finished.steps.map((step) => [step.status, (step as { attempt?: number }).attempt])).toEqual([
      [500, 1],
      [500, 2],
      [500, 3],
    ]);
    expect(harness.sim.journal({ kind: 'http', path: START_PATH })).toHaveLength(3);
    const after = await harness.db.jobs.get(job.id);
    expect(after.lastStatus).toBe('failed');
    expect(after.lastErrorMessage).toContain('agent unreachable');
  });

  test('fails a 4xx at once, on attempt 1', async ({ harness }) => {
    await harness.startRuntime();
    const job = await harness.createJob({
      taskType: 'pipeline_stop',
      pipelineId: 'no-such-pipeline',
      maxAttempts: 5,
    });
    const finished = await harness.waitForFinal((await harness.runNow(job)).id);

    expect(finished).toMatchObject({ status: 'failed', attempt: 1 });
    expect(finished.error).toContain('404');
    expect(finished.steps).toHaveLength(1);
    expect(
      harness.sim.journal({ kind: 'http', path: '/pipelines/no-such-pipeline/commands/sync/stop' }),
    ).toHaveLength(1);
  });

  test('ends timed_out when the hub hangs past timeout_seconds, without retrying', async ({ harness }) => {
    await harness.startRuntime();
    harness.sim.addFault({ route: `POST /pipelines/${PIPELINE}/commands/sync/stop`, hang: true });
    const job = await harness.createJob({ taskType: 'pipeline_stop', timeoutSeconds: 1, maxAttempts: 3 });
    const finished = await harness.waitForFinal((await harness.runNow(job)).id);

    expect(finished).toMatchObject({ status: 'timed_out', attempt: 1 });
    expect(finished.error).toBe('execution exceeded its timeout of 1 s');
    expect(
      harness.sim.journal({ kind: 'http', path: `/pipelines/${PIPELINE}/commands/sync/stop` }),
    ).toHaveLength(1);
    expect((await harness.db.jobs.get(job.id)).lastStatus).toBe('timed_out');
  });

  test('works the same on SQLite (the single-process mode database)', async () => {
    const harness = await createHarness({ provider: 'sqlite' });
    try {
      await harness.startRuntime();
      harness.sim.addFault({ route: `POST ${START_PATH}`, status: 503, times: 1 });
      const job = await harness.createJob({ taskType: 'entity_start', entityIds: [...ENTITIES] });
      const finished = await harness.waitForFinal((await harness.runNow(job)).id);

      expect(finished).toMatchObject({ status: 'succeeded', attempt: 2 });
      expect(finished.steps.map((step) => [step.status, (step as { attempt?: number }).attempt])).toEqual([
        [503, 1],
        [202, 2],
        [202, 2],
      ]);
    } finally {
      await harness.close();
    }
  });
});
