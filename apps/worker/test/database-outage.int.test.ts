import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';
import { PIPELINE } from './helpers/harness.js';
import { startTcpProxy } from './helpers/tcp-proxy.js';
import { waitFor } from './helpers/wait-for.js';

const STOP_PATH = `/pipelines/${PIPELINE}/commands/sync/stop`;

describe('the database goes away after CoreHub answered', () => {
  test('the outcome is kept with the queue job and written when the database is back: CoreHub is called once', async ({
    harness,
  }) => {
    // The worker reaches PostgreSQL through a proxy the test can cut; the shared server is never touched.
    const dbUrl = new URL(harness.dbUrl);
    const proxy = await startTcpProxy({ host: dbUrl.hostname, port: Number(dbUrl.port || 5432) });
    try {
      dbUrl.host = `127.0.0.1:${proxy.port}`;
      const worker = harness.spawn('worker', { DB_URL: dbUrl.toString(), RETRY_BACKOFF_MS: '200' });
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
});
