import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';
import { PIPELINE } from './helpers/harness.js';
import { waitFor } from './helpers/wait-for.js';

const STOP_PATH = `/pipelines/${PIPELINE}/commands/sync/stop`;

describe('a worker paused past its lock', () => {
  test('resumed after another worker finished the attempt: the finished row and job stay as they are', async ({
    harness,
  }) => {
    const paused = harness.spawn('worker');
    await paused.waitForLog('worker started');
    // The paused worker's call is answered 503 while it is stopped: on resume it reads a retryable failure.
    harness.sim.addFault({ route: `POST ${STOP_PATH}`, status: 503, delayMs: 1500, times: 1 });
    const job = await harness.createJob({ taskType: 'pipeline_stop', maxAttempts: 3 });
    const queued = await harness.runNow(job);
    await waitFor(() => harness.sim.journal({ kind: 'http', path: STOP_PATH }).length === 1, {
      what: 'the call to be in flight',
    });
    paused.kill('SIGSTOP');

    try {
      // Another worker takes the stalled job over once the paused one's lock expired, and succeeds.
      await harness.startRuntime();
      const finished = await harness.waitForFinal(queued.id, 45_000);
      expect(finished).toMatchObject({ status: 'succeeded', attempt: 2, error: null });
    } finally {
      paused.kill('SIGCONT');
    }

    // Whichever comes first after the resume (the 503 or the lost lock), the old attempt stops unwritten.
    await paused.waitForLog('attempt superseded');
    const after = await harness.db.executions.get(queued.id);
    expect(after).toMatchObject({ status: 'succeeded', attempt: 2, error: null });
    expect(after.steps.map((step) => [step.status, (step as { attempt?: number }).attempt])).toEqual([
      [202, 2],
    ]);
    expect((await harness.db.jobs.get(job.id)).lastStatus).toBe('succeeded');
    expect(harness.sim.journal({ kind: 'http', path: STOP_PATH })).toHaveLength(2);
  });
});
