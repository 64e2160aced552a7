import type { Job } from '@chronos/jobs';
import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';
import { type Harness, PIPELINE } from './helpers/harness.js';
import type { AppProcess } from './helpers/processes.js';
import { waitFor } from './helpers/wait-for.js';

const STOP_PATH = `/pipelines/${PIPELINE}/commands/sync/stop`;

/** A worker process holding a tick mid-call (CoreHub answers in 60 s), killed with SIGKILL. */
async function killMidTick(harness: Harness): Promise<{ job: Job; executionId: number }> {
  const victim: AppProcess = harness.spawn('worker');
  await victim.waitForLog('worker started');
  harness.sim.addFault({ route: `POST ${STOP_PATH}`, delayMs: 60_000, times: 1 });
  const { job, due } = await harness.scheduleOneOffTick({ taskType: 'pipeline_stop' });
  const running = await waitFor(
    async () => {
      const execution = await harness.db.executions.findByKey(job.id, 'schedule', new Date(due));
      const isCalling = harness.sim.journal({ kind: 'http', path: STOP_PATH }).length === 1;
      return execution?.status === 'running' && isCalling ? execution : undefined;
    },
    { what: 'the tick to be mid-call' },
  );
  victim.kill('SIGKILL');
  await victim.exited;
  return { job, executionId: running.id };
}

describe('a recovered tick that will not run closes its execution', () => {
  test.for([
    {
      change: 'disabled',
      apply: (harness: Harness, job: Job) => harness.db.jobs.update(job.id, { enabled: false }),
      reason: 'the job was disabled while this execution was being recovered',
    },
    {
      change: 'rescheduled',
      apply: (harness: Harness, job: Job) => harness.db.jobs.update(job.id, { cronExpression: '0 3 * * *' }),
      reason: "the job's schedule changed while this execution was being recovered",
    },
  ])(
    'job $change after its worker was killed: `cancelled`, not run again, nothing doubled',
    async ({ apply, reason }, { harness }) => {
      const { job, executionId } = await killMidTick(harness);
      // What an operator does when something looks wrong, before BullMQ notices the dead worker.
      await apply(harness, job);
      // The survivor picks the stalled tick up once the killed worker's lock expired.
      await harness.startRuntime();

      const final = await harness.waitForFinal(executionId, 45_000);
      expect(final.status).toBe('cancelled');
      expect(final.error).toBe(`cancelled: ${reason}; it was not run again`);
      expect(final.finishedAt).not.toBeNull();
      expect((await harness.db.executions.list({ jobId: job.id })).total).toBe(1);
      expect(harness.sim.journal({ kind: 'http', path: STOP_PATH })).toHaveLength(1);
    },
  );

  test('a retry waiting out its backoff when the job is disabled: `cancelled`, no further attempt', async ({
    harness,
  }) => {
    await harness.startRuntime({ env: { RETRY_BACKOFF_MS: '1500' } });
    harness.sim.addFault({ route: `POST ${STOP_PATH}`, status: 503, times: 1 });
    const { job, due } = await harness.scheduleOneOffTick({ taskType: 'pipeline_stop', maxAttempts: 3 });
    const waiting = await waitFor(
      async () => {
        const execution = await harness.db.executions.findByKey(job.id, 'schedule', new Date(due));
        return execution?.status === 'queued' ? execution : undefined;
      },
      { what: 'the first attempt to fail and wait for its retry' },
    );
    await harness.db.jobs.update(job.id, { enabled: false });

    const final = await harness.waitForFinal(waiting.id);
    expect(final).toMatchObject({ status: 'cancelled', attempt: 1 });
    expect(final.error).toContain('disabled');
    expect(harness.sim.journal({ kind: 'http', path: STOP_PATH })).toHaveLength(1);
  });
});
