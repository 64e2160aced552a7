import type { Execution } from '@chronos/jobs';
import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';
import { type Harness, PIPELINE } from './helpers/harness.js';
import { spawnCommand, stopProcesses } from './helpers/processes.js';
import { waitFor } from './helpers/wait-for.js';

const STOP_PATH = `/pipelines/${PIPELINE}/commands/sync/stop`;

/** A run-now whose one CoreHub call is in flight (answered after `delayMs`) when this resolves. */
async function runNowInFlight(harness: Harness, delayMs: number): Promise<Execution> {
  harness.sim.addFault({ route: `POST ${STOP_PATH}`, delayMs, times: 1 });
  const queued = await harness.runNow(await harness.createJob({ taskType: 'pipeline_stop' }));
  await waitFor(() => harness.sim.journal({ kind: 'http', path: STOP_PATH }).length === 1, {
    what: 'the call to be in flight',
  });
  return queued;
}

describe('worker processes', () => {
  test('a worker killed with SIGKILL mid-task: another worker completes the tick, one row, attempt 2', async ({
    harness,
  }) => {
    const workers = [harness.spawn('worker'), harness.spawn('worker')];
    await Promise.all(workers.map((worker) => worker.waitForLog('worker started')));
    // The first call hangs long enough for us to kill whoever made it; the retry is answered at once.
    harness.sim.addFault({ route: `POST ${STOP_PATH}`, delayMs: 60_000, times: 1 });
    const { job, due } = await harness.scheduleOneOffTick({ taskType: 'pipeline_stop' });

    const running = await waitFor(
      async () => {
        const execution = await harness.db.executions.findByKey(job.id, 'schedule', new Date(due));
        const isCalling = harness.sim.journal({ kind: 'http', path: STOP_PATH }).length === 1;
        return execution?.status === 'running' && isCalling ? execution : undefined;
      },
      {
        what: 'the tick to be mid-call',
        explain: async () => ({
          due: new Date(due).toISOString(),
          executions: (await harness.db.executions.list({ jobId: job.id })).items,
          journal: harness.sim.journal({ kind: 'http' }).map((entry) => `${entry.method} ${entry.path}`),
          workerLogs: workers.map((worker) => worker.logs.filter((line) => Number(line.level) >= 40)),
        }),
      },
    );
    const victim = workers.find((worker) => running.workerId?.includes(`-${worker.pid}-`));
    expect(victim).toBeDefined();
    victim!.kill('SIGKILL');
    await victim!.exited;

    const final = await harness.waitForFinal(running.id, 45_000);
    expect(final).toMatchObject({ status: 'succeeded', attempt: 2 });
    expect(final.workerId).not.toBe(running.workerId);
    expect((await harness.db.executions.list({ jobId: job.id })).total).toBe(1);
    expect(harness.sim.journal({ kind: 'http', path: STOP_PATH })).toHaveLength(2);
  });

  test.for([
    { command: 'node … apps/worker/src/main.ts' },
    // The documented command: pnpm must pass SIGTERM on and wait, not leave the worker orphaned.
    { command: 'pnpm chronos worker' },
  ])(
    'SIGTERM to `$command` lets a running task finish, then it exits 0 and leaves nothing running',
    async ({ command }, { harness }) => {
      const worker =
        command === 'pnpm chronos worker'
          ? spawnCommand(
              'pnpm',
              ['chronos', 'worker'],
              harness.env({ LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '1717', WORKER_HTTP_PORT: '0' }),
              'pnpm-worker',
            )
          : // A worker's own PORT is not the api's: PUBLIC_URL is what CoreHub must be told.
            harness.spawn('worker', { PUBLIC_URL: 'https://chronos.example.com:8443' });
      try {
        await worker.waitForLog('worker started', 90_000);
        const queued = await runNowInFlight(harness, 1500);

        worker.kill('SIGTERM');
        expect(await worker.exited).toBe(0);
        expect(worker.logs.some((line) => line.msg === 'worker stopped')).toBe(true);
        expect(await harness.db.executions.get(queued.id)).toMatchObject({ status: 'succeeded', attempt: 1 });
        // The worker itself is gone: no BullMQ worker of this test is still connected to Redis.
        expect(await harness.queue.getWorkers()).toEqual([]);
        if (command !== 'pnpm chronos worker') {
          const handshakes = harness.sim.journal({ path: '/ext-module' });
          expect(handshakes.length).toBeGreaterThan(0);
          for (const handshake of handshakes) {
            expect(handshake.headers).toMatchObject({ 'module-port': '8443', 'module-scheme': 'https' });
          }
        }
      } finally {
        await stopProcesses([worker]);
      }
    },
  );

  test('SIGTERM past SHUTDOWN_TIMEOUT hands the task back: the next worker continues it as attempt 2', async ({
    harness,
  }) => {
    const worker = harness.spawn('worker', { SHUTDOWN_TIMEOUT_SECONDS: '1' });
    await worker.waitForLog('worker started');
    const queued = await runNowInFlight(harness, 60_000);

    worker.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect((await harness.db.executions.get(queued.id)).status).toBe('running');

    await harness.startRuntime();
    const final = await harness.waitForFinal(queued.id);
    expect(final).toMatchObject({ status: 'succeeded', attempt: 2 });
    expect(final.steps.map((step) => (step as { attempt?: number }).attempt)).toEqual([1, 2]);
    expect(final.steps[0]?.status).toBeNull();
  });
});
