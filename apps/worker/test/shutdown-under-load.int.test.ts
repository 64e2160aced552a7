import { isFinalStatus } from '@chronos/jobs';
import { describe, expect } from 'vitest';
import { EVERY_SECOND } from './helpers/cron.js';
import { test } from './helpers/fixtures.js';
import { PIPELINE } from './helpers/harness.js';
import type { AppProcess } from './helpers/processes.js';
import { waitFor } from './helpers/wait-for.js';

const STOP_PATH = `/pipelines/${PIPELINE}/commands/sync/stop`;
const SHUTDOWN_TIMEOUT_SECONDS = 4;

/** Exit code and seconds from SIGTERM to exit: the figure the report quotes (not asserted: tests make no timing assertions). */
async function terminate(process: AppProcess): Promise<{ code: number | null; seconds: number }> {
  const sentAt = Date.now();
  process.kill('SIGTERM');
  const code = await process.exited;
  return { code, seconds: (Date.now() - sentAt) / 1000 };
}

/** Milliseconds between the process's own "shutdown requested" and `stoppedMsg` log lines. */
function ownStopMs(process: AppProcess, stoppedMsg: string): number {
  const at = (msg: string) => Date.parse(String(process.logs.find((line) => line.msg === msg)?.time));
  return at(stoppedMsg) - at('shutdown requested');
}

describe('SIGTERM under load', () => {
  test('an api and a worker stopped while run-nows and ticks are mid-call: both exit 0, none lost, none doubled', async ({
    harness,
  }) => {
    // The first CoreHub call outlasts the shutdown timeout (it is handed back); every other call takes 1.5 s,
    // so at SIGTERM the victim holds executions mid-call that can finish in time.
    harness.sim.addFault({ route: `POST ${STOP_PATH}`, delayMs: 30_000, times: 1 });
    harness.sim.addFault({ route: `POST ${STOP_PATH}`, delayMs: 1500 });
    const env = {
      SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_TIMEOUT_SECONDS),
      COREHUB_REQUEST_TIMEOUT_MS: '60000',
      // The production lock: on a loaded host a short one lets the survivor take over an execution the
      // victim is still running (a second CoreHub call), which is not what this test is about.
      WORKER_LOCK_SECONDS: '30',
    };
    const api = harness.spawn('api', env);
    const victim = harness.spawn('worker', env);
    const apiUrl = String((await api.waitForLog('api listening')).url);
    await victim.waitForLog('worker started');
    const job = await harness.createJob({
      taskType: 'pipeline_stop',
      cronExpression: EVERY_SECOND,
      concurrencyPolicy: 'allow',
      enabled: false,
    });

    // A stream of run-now requests until the api stops answering; only a 202 promises a run.
    const accepted: number[] = [];
    const refused: string[] = [];
    let sigtermAt = Number.POSITIVE_INFINITY;
    let isStreaming = true;
    const stream = (async () => {
      while (isStreaming) {
        try {
          const response = await fetch(`${apiUrl}/api/jobs/${job.id}/run`, { method: 'POST' });
          if (response.status === 202) accepted.push(((await response.json()) as { id: number }).id);
          else refused.push(String(response.status));
        } catch (error) {
          refused.push((error as Error).message);
        }
        // Before the SIGTERM every request is accepted.
        if (Date.now() < sigtermAt) expect(refused).toEqual([]);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    // The long first call belongs to a run-now (a handed-back tick of a job disabled later would be
    // cancelled, as recovery-cancel.int.test.ts proves); the ticks start once it is in flight.
    await waitFor(() => harness.sim.journal({ kind: 'http', path: STOP_PATH }).length > 0, {
      what: 'the first run-now to be mid-call',
    });
    await harness.schedule(await harness.db.jobs.update(job.id, { enabled: true }));

    const runningOn = async (worker: AppProcess) =>
      (await harness.db.executions.list({ jobId: job.id, status: 'running', limit: 1000 })).items.filter(
        (execution) => execution.workerId?.includes(`-${worker.pid}-`),
      );
    const inFlight = await waitFor(
      async () => {
        const running = await runningOn(victim);
        const isTickRunning = running.some((execution) => execution.trigger === 'schedule');
        const isRunNowRunning = running.some((execution) => execution.trigger === 'manual');
        return isTickRunning && isRunNowRunning && accepted.length >= 10 ? running : undefined;
      },
      {
        what: 'ten run-nows accepted and the victim holding a tick and a run-now mid-call',
        timeoutMs: 30_000,
      },
    );

    sigtermAt = Date.now();
    const stopping = Promise.all([terminate(api), terminate(victim)]);
    // The second worker (in this process: it only has to share the queue) takes over the backlog and what
    // the victim hands back.
    await harness.startRuntime({ env, tuning: { lockDurationMs: 30_000, stalledIntervalMs: 15_000 } });
    const [apiStop, workerStop] = await stopping;
    isStreaming = false;
    await stream;
    // No more ticks: the survivor's reconciler removes the scheduler the stopped api can no longer remove.
    await harness.db.jobs.update(job.id, { enabled: false });

    expect(apiStop.code).toBe(0);
    expect(workerStop.code).toBe(0);
    expect(victim.logs.some((line) => line.msg === 'worker stopped')).toBe(true);
    expect(accepted.length).toBeGreaterThan(0);

    // None lost: every accepted run-now and every tick that got a row ends final (the survivor finishes
    // what the victim left in the queue or handed back).
    const everything = await waitFor(
      async () => {
        const { items } = await harness.db.executions.list({ jobId: job.id, limit: 1000 });
        const isDone = items.every((execution) => isFinalStatus(execution.status));
        const hasAll = accepted.every((id) => items.some((execution) => execution.id === id));
        return isDone && hasAll ? items : undefined;
      },
      {
        what: 'every execution to end',
        timeoutMs: 60_000,
        explain: async () =>
          (await harness.db.executions.list({ jobId: job.id, limit: 1000 })).items.map(
            (execution) => `${execution.id}:${execution.status}`,
          ),
      },
    );
    // A request the stopping api could not queue answered 503 and is recorded `failed` with the reason: it
    // promised nothing, and its history says why. Everything the api accepted (202) and every tick ran.
    const unqueued = everything.filter((execution) => execution.error?.startsWith('Could not queue the run'));
    for (const execution of unqueued) {
      expect(execution.status).toBe('failed');
      expect(accepted).not.toContain(execution.id);
    }
    const executions = everything.filter((execution) => !unqueued.includes(execution));
    expect(executions.filter((execution) => execution.status !== 'succeeded')).toEqual([]);
    const victimIds = new Set(inFlight.map((execution) => execution.id));
    const handedBack = everything.filter((execution) => victimIds.has(execution.id) && execution.attempt > 1);

    // None doubled: one completed CoreHub call per execution; any other call is a handed-back attempt
    // (its step has no status: the victim was stopped before the answer).
    const calls = harness.sim.journal({ kind: 'http', path: STOP_PATH });
    const answered = everything.flatMap((execution) => execution.steps.filter((step) => step.status === 202));
    const cut = everything.flatMap((execution) => execution.steps.filter((step) => step.status === null));
    expect(answered).toHaveLength(executions.length);
    expect(calls).toHaveLength(answered.length + cut.length);
    expect(handedBack.length).toBeGreaterThan(0);
    expect(cut.length).toBe(handedBack.length);
    expect(victim.logs.some((line) => line.msg === 'shutdown timeout: handing back running executions')).toBe(
      true,
    );

    console.info(
      JSON.stringify({
        shutdownTimeoutSeconds: SHUTDOWN_TIMEOUT_SECONDS,
        api: { ...apiStop, ownStopMs: ownStopMs(api, 'api stopped') },
        worker: { ...workerStop, ownStopMs: ownStopMs(victim, 'worker stopped') },
        runNowAccepted: accepted.length,
        runNowNotAcceptedWhileStopping: refused.length,
        executions: everything.length,
        recordedUnqueuedWhileStopping: unqueued.length,
        ticks: everything.filter((execution) => execution.trigger === 'schedule').length,
        midCallAtSigterm: inFlight.length,
        finishedBySurvivor: everything.filter((execution) => !execution.workerId?.includes(`-${victim.pid}-`))
          .length,
        handedBack: handedBack.length,
        coreHubCalls: calls.length,
        doubled: calls.length - answered.length - cut.length,
        lost: accepted.filter((id) => !everything.some((execution) => execution.id === id)).length,
      }),
    );
  });
});
