import { type ChildProcess, spawn } from 'node:child_process';
import { createRedisConnection, listJobSchedules, publishExecutionEvent } from '@chronos/queue';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { findClosedPort, startTestApi, type TestApi } from './helpers/api-harness.js';

const JOB = {
  name: 'Start orders',
  task_type: 'entity_start',
  schedule: { days_of_week: ['monday', 'wednesday', 'friday'], hour: 8, minute: 30 },
  pipeline_id: 'pipeline-1',
  entity_ids: ['orders'],
};

describe.each(['postgresql', 'sqlite'] as const)('Redis down (%s)', (provider) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ provider, redisUrl: `redis://127.0.0.1:${await findClosedPort()}` });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('still writes jobs and reports schedule_sync pending for the reconciler', async () => {
    const created = await request(api.url).post('/api/jobs').send(JOB).expect(201);
    expect(created.body).toMatchObject({ cron_expression: '30 8 * * 1,3,5', schedule_sync: 'pending' });
    const updated = await request(api.url)
      .put(`/api/jobs/${created.body.id}`)
      .send({ name: 'renamed' })
      .expect(200);
    expect(updated.body).toMatchObject({ name: 'renamed', schedule_sync: 'pending', version: 2 });
    const disabled = await request(api.url)
      .patch(`/api/jobs/${created.body.id}/status`)
      .send({ enabled: false })
      .expect(200);
    expect(disabled.body.schedule_sync).toBe('pending');
    await request(api.url).delete(`/api/jobs/${created.body.id}`).expect(204);
    expect(await api.db.jobs.find(created.body.id)).toBeNull();
  });

  it('is not ready and says Redis is the reason', async () => {
    const response = await request(api.url).get('/ready').expect(503);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ checks: { database: 'up', redis: 'down' } });
    expect(response.body.detail).toContain('redis');
    await request(api.url).get('/health').expect(200);
  });
});

// PostgreSQL unreachable (a closed port): SQLite is a local file, so "down" does not apply to it.
describe('database down (postgresql)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({
      provider: 'postgresql',
      dbUrl: `postgresql://postgres@127.0.0.1:${await findClosedPort()}/chronos`,
    });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers 503 problems, never 500, and /ready names the database', async () => {
    for (const [method, path, body] of [
      ['get', '/api/jobs', undefined],
      ['post', '/api/jobs', JOB],
      ['get', '/api/jobs/1', undefined],
      ['get', '/api/executions', undefined],
      ['get', '/api/settings/timezone', undefined],
      ['post', '/api/jobs/1/run', undefined],
      ['post', '/api/schedules/preview', { cron_expression: '0 * * * *' }],
    ] as const) {
      const call =
        method === 'get'
          ? request(api.url).get(path)
          : request(api.url)
              .post(path)
              .send(body ?? {});
      const response = await call;
      expect(response.status, `${method} ${path}`).toBe(503);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.detail).toBe('The database is not available');
      expect(response.headers['retry-after']).toBe('5');
    }
    const ready = await request(api.url).get('/ready').expect(503);
    expect(ready.body.checks).toEqual({ database: 'down', redis: 'up' });
  });
});

/** Polls `check` every 100 ms until it is true, for at most `timeoutMs`. */
async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe('Redis coming back', () => {
  let api: TestApi;
  let redisServer: ChildProcess | undefined;
  let port: number;
  beforeAll(async () => {
    port = await findClosedPort();
    api = await startTestApi({ provider: 'sqlite', redisUrl: `redis://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await api?.close();
    redisServer?.kill('SIGKILL');
  });

  it('syncs writes and streams events again once Redis answers, without a restart', async () => {
    const before = await request(api.url).post('/api/jobs').send(JOB).expect(201);
    expect(before.body.schedule_sync).toBe('pending');

    redisServer = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    const ready = await waitUntil(async () => (await request(api.url).get('/ready')).status === 200, 15_000);
    expect(ready).toBe(true);

    const after = await request(api.url).post('/api/jobs').send(JOB).expect(201);
    expect(after.body.schedule_sync).toBe('synced');
    const { owned } = await listJobSchedules(api.queue);
    // (The first job's timed-out upsert may also land now: BullMQ queued it until the connection was ready.)
    expect(owned.map((scheduler) => scheduler.jobId)).toContain(after.body.id);

    // The event hub subscribed when Redis became ready: a published event reaches a WebSocket client.
    const socket = new WebSocket(`${api.url.replace('http', 'ws')}/api/events`);
    const messages: Array<Record<string, unknown>> = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.once('open', resolve));
    const publisher = createRedisConnection(`redis://127.0.0.1:${port}`, 'client');
    await new Promise((resolve) => publisher.once('ready', resolve));
    try {
      const delivered = await waitUntil(async () => {
        await publishExecutionEvent(publisher, api.prefix, {
          type: 'execution.finished',
          jobId: after.body.id,
          executionId: 1,
          status: 'succeeded',
          trigger: 'schedule',
          scheduledFor: '2025-04-14T06:30:00.000Z',
          attempt: 1,
          at: '2025-04-14T06:30:01.000Z',
        });
        return messages.some((message) => message.type === 'execution.finished');
      }, 10_000);
      expect(delivered).toBe(true);
    } finally {
      publisher.disconnect();
      socket.close();
    }
  });
});
