import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
