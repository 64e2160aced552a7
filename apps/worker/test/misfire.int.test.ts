import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';
import { PIPELINE } from './helpers/harness.js';
import { waitFor, waitUntil } from './helpers/wait-for.js';

const STOP_PATH = `/pipelines/${PIPELINE}/commands/sync/stop`;

describe('misfire policy', () => {
  test('records a tick picked up later than misfire_grace_seconds as missed, and does not run it', async ({
    harness,
  }) => {
    const { job, due } = await harness.scheduleOneOffTick({
      taskType: 'pipeline_stop',
      misfireGraceSeconds: 1,
    });
    // No worker runs across the tick; one starts two grace periods after it.
    await waitUntil(due + 2 * 1000 + 200);
    await harness.startRuntime();

    const missed = await waitFor(() => harness.db.executions.findByKey(job.id, 'schedule', new Date(due)), {
      what: 'the late tick to be recorded',
    });
    const final = await harness.waitForFinal(missed.id);
    expect(final.status).toBe('missed');
    expect(final.error).toContain('misfire_grace_seconds=1');
    expect(final.startedAt).toBeNull();
    expect(harness.sim.journal({ kind: 'http', path: STOP_PATH })).toHaveLength(0);
    const after = await harness.db.jobs.get(job.id);
    expect(after.lastRun).toBeNull();
    expect(after.nextRun?.getTime()).toBe(due + 86_400_000);
  });

  test('runs a tick picked up late but within grace once, late', async ({ harness }) => {
    const { job, due } = await harness.scheduleOneOffTick({
      taskType: 'pipeline_stop',
      misfireGraceSeconds: 60,
    });
    await waitUntil(due + 2000);
    await harness.startRuntime();

    const late = await waitFor(() => harness.db.executions.findByKey(job.id, 'schedule', new Date(due)), {
      what: 'the late tick to be recorded',
    });
    const final = await harness.waitForFinal(late.id);
    expect(final).toMatchObject({ status: 'succeeded', attempt: 1 });
    expect(final.startedAt!.getTime()).toBeGreaterThan(due);
    expect((await harness.db.executions.list({ jobId: job.id })).total).toBe(1);
    expect(harness.sim.journal({ kind: 'http', path: STOP_PATH })).toHaveLength(1);
  });
});
