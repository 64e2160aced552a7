import { isFinalStatus } from '@chronos/jobs';
import { describe, expect } from 'vitest';
import { EVERY_SECOND } from './helpers/cron.js';
import { test } from './helpers/fixtures.js';
import { type Harness, PIPELINE } from './helpers/harness.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';
import { waitFor, waitUntil } from './helpers/wait-for.js';

const STOP_PATH = `/pipelines/${PIPELINE}/commands/sync/stop`;

/** A proxy in front of this test's PostgreSQL (the shared server is never touched) and the URL through it. */
async function proxiedDatabase(harness: Harness): Promise<{ proxy: TcpProxy; env: { DB_URL: string } }> {
  const dbUrl = new URL(harness.dbUrl);
  const proxy = await startTcpProxy({ host: dbUrl.hostname, port: Number(dbUrl.port || 5432) });
  dbUrl.host = `127.0.0.1:${proxy.port}`;
  return { proxy, env: { DB_URL: dbUrl.toString() } };
}

describe('the database goes away after CoreHub answered', () => {
  test('the outcome is kept with the queue job and written when the database is back: CoreHub is called once', async ({
    harness,
  }) => {
    const { proxy, env } = await proxiedDatabase(harness);
    try {
      const worker = harness.spawn('worker', { ...env, RETRY_BACKOFF_MS: '200' });
      await worker.waitForLog('worker started');
      harness.sim.addFault({ route: `POST ${STOP_PATH}`, delayMs: 1500, times: 1 });
      const job = await harness.createJob({ taskType: 'pipeline_stop' });
      const queued = await harness.runNow(job);
      await waitFor(() => harness.sim.journal({ kind: 'http', path: STOP_PATH }).length === 1, {
        what: 'the call to be in flight',
      });

      // CoreHub answers while the database is away: the closing write cannot be made.
      proxy.setDown(true);
      await worker.waitForLog(
        'database unavailable: outcome kept with the queue job until it can be written',
      );
      expect((await harness.db.executions.get(queued.id)).status).toBe('running');
      proxy.setDown(false);

      const final = await harness.waitForFinal(queued.id, 45_000);
      expect(final).toMatchObject({ status: 'succeeded', attempt: 1, error: null });
      expect(final.steps.map((step) => step.status)).toEqual([202]);
      expect(harness.sim.journal({ kind: 'http', path: STOP_PATH })).toHaveLength(1);
      expect((await harness.db.jobs.get(job.id)).lastStatus).toBe('succeeded');
      expect(
        worker.logs.some(
          (line) => line.msg === 'writing the outcome kept while the database was unavailable',
        ),
      ).toBe(true);
    } finally {
      await harness.close();
      await proxy.close();
    }
  });

  test('PostgreSQL away for 20 s while ticks are due and API calls arrive: 503s, no crash, every tick recorded once', async ({
    harness,
  }) => {
    const { proxy, env } = await proxiedDatabase(harness);
    try {
      const worker = harness.spawn('worker', env);
      const api = harness.spawn('api', env);
      await worker.waitForLog('worker started');
      const apiUrl = String((await api.waitForLog('api listening')).url);
      const job = await harness.createJob({
        taskType: 'pipeline_stop',
        cronExpression: EVERY_SECOND,
        concurrencyPolicy: 'allow',
        misfireGraceSeconds: 5,
        enabled: true,
      });
      await harness.schedule(job);
      const succeeded = async () =>
        (await harness.db.executions.list({ jobId: job.id, status: 'succeeded' })).total;
      await waitFor(async () => (await succeeded()) >= 2, { what: 'ticks before the outage' });

      proxy.setDown(true);
      const downUntil = Date.now() + 20_000;
      const answers: number[] = [];
      while (Date.now() < downUntil) {
        for (const [method, path] of [
          ['GET', '/api/jobs'],
          ['POST', `/api/jobs/${job.id}/run`],
        ] as const) {
          const response = await fetch(`${apiUrl}${path}`, { method, signal: AbortSignal.timeout(30_000) });
          expect(response.headers.get('content-type')).toContain('application/problem+json');
          answers.push(response.status);
        }
        await waitUntil(Math.min(downUntil, Date.now() + 1000));
      }
      expect(new Set(answers)).toEqual(new Set([503]));
      const states = [worker, api].map((process) =>
        Promise.race([process.exited.then(() => 'exited'), Promise.resolve('running')]),
      );
      expect(await Promise.all(states)).toEqual(['running', 'running']);
      proxy.setDown(false);
      const restoredAt = Date.now();

      // Caught up: every second from the first tick to one run after the outage has its row (the ticks due
      // during the outage come back from their put-back delays, late: `missed` past their grace).
      await waitFor(
        async () => {
          const { items } = await harness.db.executions.list({ jobId: job.id, limit: 1000 });
          const times = items.map((tick) => tick.scheduledFor.getTime());
          const span = (Math.max(...times) - Math.min(...times)) / 1000 + 1;
          const ranAfter = items.some((tick) => tick.startedAt && tick.scheduledFor.getTime() > restoredAt);
          return ranAfter && items.length === span;
        },
        { what: 'every tick of the outage to be recorded', timeoutMs: 90_000 },
      );
      await harness.db.jobs.update(job.id, { enabled: false });
      await waitFor(async () => (await harness.db.executions.findRunning(job.id)) === null, {
        what: 'the last tick to be recorded',
        timeoutMs: 60_000,
      });

      const { items } = await harness.db.executions.list({ jobId: job.id, limit: 1000 });
      const ticks = [...items].sort((a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime());
      const first = ticks[0]!.scheduledFor.getTime();
      const last = ticks.at(-1)!.scheduledFor.getTime();
      const due = (last - first) / 1000 + 1;
      const ran = ticks.filter((tick) => tick.startedAt !== null);
      expect({
        recorded: ticks.length,
        open: ticks.filter((tick) => !isFinalStatus(tick.status)).length,
      }).toEqual({ recorded: due, open: 0 });
      expect(ticks.every((tick) => ['succeeded', 'missed'].includes(tick.status))).toBe(true);
      // None doubled: one CoreHub call per tick that ran.
      expect(harness.sim.journal({ kind: 'http', path: STOP_PATH })).toHaveLength(ran.length);
      expect(ticks.some((tick) => tick.status === 'missed')).toBe(true);
    } finally {
      await harness.close();
      await proxy.close();
    }
  });
});
