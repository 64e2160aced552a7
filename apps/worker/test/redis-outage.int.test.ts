import { findJobSchedule } from '@chronos/queue';
import { TEST_REDIS_URL } from '@chronos/queue/testing';
import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';
import { PIPELINE } from './helpers/harness.js';
import { startTcpProxy } from './helpers/tcp-proxy.js';
import { waitFor, waitUntil } from './helpers/wait-for.js';

const OUTAGE_MS = 20_000;

async function callApi(
  url: string,
  method: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const jobBody = (name: string, cron: string) => ({
  name,
  task_type: 'pipeline_stop',
  cron_expression: cron,
  timezone: 'UTC',
  pipeline_id: PIPELINE,
  enabled: true,
});

describe('Redis away for 20 s', () => {
  test('api writes answer 2xx pending, the schedulers then equal the database, workers resume, SIGTERM still stops a cut-off worker', {
    timeout: 150_000,
  }, async ({ harness }) => {
    const redis = new URL(TEST_REDIS_URL);
    const proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    try {
      const env = { REDIS_URL: `redis://127.0.0.1:${proxy.port}` };
      const worker = harness.spawn('worker', env);
      const doomed = harness.spawn('worker', { ...env, WORKER_HTTP_PORT: '0' });
      const api = harness.spawn('api', env);
      await Promise.all([worker.waitForLog('worker started'), doomed.waitForLog('worker started')]);
      const apiUrl = String((await api.waitForLog('api listening')).url);
      const ids: number[] = [];
      for (const name of ['deleted', 'disabled', 'edited']) {
        const created = await callApi(`${apiUrl}/api/jobs`, 'POST', jobBody(name, '0 3 * * *'));
        expect(created.status).toBe(201);
        ids.push(Number(created.body.id));
      }
      const [deleted, disabled, edited] = ids as [number, number, number];
      await waitFor(async () => (await findJobSchedule(harness.queue, edited)) !== undefined, {
        what: 'the schedulers before the outage',
      });

      proxy.setDown(true);
      const downUntil = Date.now() + OUTAGE_MS;
      const writes = [
        await callApi(`${apiUrl}/api/jobs/${deleted}`, 'DELETE'),
        await callApi(`${apiUrl}/api/jobs/${disabled}/status`, 'PATCH', { enabled: false }),
        await callApi(`${apiUrl}/api/jobs/${edited}`, 'PUT', { cron_expression: '30 4 * * *' }),
        await callApi(`${apiUrl}/api/jobs`, 'POST', jobBody('added', '15 2 * * *')),
      ];
      expect(writes.map((write) => write.status)).toEqual([204, 200, 200, 201]);
      expect(writes.slice(1).map((write) => write.body.schedule_sync)).toEqual([
        'pending',
        'pending',
        'pending',
      ]);
      const added = Number(writes[3]?.body.id);
      // A worker that cannot reach Redis still stops on the first SIGTERM.
      doomed.kill('SIGTERM');
      // It exits on its own (a code, not killed by a signal), 1 when it could not hand its work back.
      expect(await doomed.exited).not.toBeNull();
      await waitUntil(downUntil);
      proxy.setDown(false);

      // The running worker's reconciler brings Redis in line with the database, without a restart.
      await waitFor(
        async () => {
          const [gone, absent, rescheduled, fresh] = await Promise.all(
            [deleted, disabled, edited, added].map((id) => findJobSchedule(harness.queue, id)),
          );
          return gone === undefined && absent === undefined && rescheduled?.pattern === '30 4 * * *' && fresh
            ? true
            : undefined;
        },
        { what: 'the schedulers to equal the database', timeoutMs: 60_000 },
      );
      const run = await callApi(`${apiUrl}/api/jobs/${edited}/run?wait=true&timeout_seconds=30`, 'POST');
      expect(run.status).toBe(200);
      expect(run.body.status).toBe('succeeded');
      expect(await Promise.race([worker.exited.then(() => 'exited'), Promise.resolve('running')])).toBe(
        'running',
      );
    } finally {
      await harness.close();
      await proxy.close();
    }
  });
});
