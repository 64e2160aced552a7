import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionPageSchema, ExecutionSchema } from '../src/features/executions/executions.schemas.js';
import { startTestApi, type TestApi } from './helpers/api-harness.js';

describe.each(['postgresql', 'sqlite'] as const)('executions API on %s', (provider) => {
  let api: TestApi;
  let jobA: number;
  let jobB: number;

  beforeAll(async () => {
    api = await startTestApi({ provider });
    const job = { task_type: 'pipeline_start', cron_expression: '0 * * * *', pipeline_id: 'p1' };
    jobA = (
      await request(api.url)
        .post('/api/jobs')
        .send({ ...job, name: 'A' })
        .expect(201)
    ).body.id;
    jobB = (
      await request(api.url)
        .post('/api/jobs')
        .send({ ...job, name: 'B' })
        .expect(201)
    ).body.id;
    // History as the worker writes it: one row per tick.
    const rows = [
      { jobId: jobA, at: '2025-04-01T10:00:00Z', status: 'succeeded' },
      { jobId: jobA, at: '2025-04-02T10:00:00Z', status: 'failed' },
      { jobId: jobA, at: '2025-04-03T10:00:00Z', status: 'succeeded' },
      { jobId: jobB, at: '2025-04-02T12:00:00Z', status: 'skipped' },
    ] as const;
    for (const row of rows) {
      const { execution } = await api.db.executions.createIfAbsent({
        jobId: row.jobId,
        trigger: 'schedule',
        scheduledFor: new Date(row.at),
        status: 'queued',
      });
      await api.db.executions.update(execution.id, {
        status: row.status,
        startedAt: new Date(row.at),
        finishedAt: new Date(row.at),
        steps: [
          {
            method: 'POST',
            path: '/pipelines/p1/commands/sync/start',
            status: 200,
            duration_ms: 5,
            message: null,
            at: row.at,
          },
        ],
      });
    }
  });
  afterAll(async () => {
    await api?.close();
  });

  it('lists every execution newest first without steps', async () => {
    const page = ExecutionPageSchema.parse((await request(api.url).get('/api/executions').expect(200)).body);
    expect(page.total).toBe(4);
    expect(page.items.map((item) => item.scheduled_for)).toEqual([
      '2025-04-03T10:00:00+00:00',
      '2025-04-02T12:00:00+00:00',
      '2025-04-02T10:00:00+00:00',
      '2025-04-01T10:00:00+00:00',
    ]);
    expect(page.items[0]).not.toHaveProperty('steps');
  });

  it('filters by job_id, status and since, with totals before pagination', async () => {
    const byJob = (await request(api.url).get(`/api/executions/?job_id=${jobA}&limit=1`).expect(200)).body;
    expect(byJob.total).toBe(3);
    expect(byJob.items).toHaveLength(1);
    const failed = (await request(api.url).get('/api/executions?status=failed').expect(200)).body;
    expect(failed.items.map((item: { job_id: number }) => item.job_id)).toEqual([jobA]);
    const since = (
      await request(api.url).get('/api/executions?since=2025-04-02T11:00:00%2B00:00').expect(200)
    ).body;
    expect(since.total).toBe(2);
    const combined = (
      await request(api.url)
        .get(`/api/executions?job_id=${jobB}&status=skipped&since=2025-04-01T00:00:00Z`)
        .expect(200)
    ).body;
    expect(combined.total).toBe(1);
  });

  it('returns one execution with its steps, or 404', async () => {
    const [first] = (await request(api.url).get('/api/executions?limit=1').expect(200)).body.items;
    const execution = ExecutionSchema.parse(
      (await request(api.url).get(`/api/executions/${first.id}`).expect(200)).body,
    );
    expect(execution.steps).toEqual([
      {
        method: 'POST',
        path: '/pipelines/p1/commands/sync/start',
        status: 200,
        duration_ms: 5,
        message: null,
        at: '2025-04-03T10:00:00Z',
      },
    ]);
    const missing = await request(api.url).get('/api/executions/424242').expect(404);
    expect(missing.body.detail).toBe('Execution with ID 424242 not found');
  });

  it.each(['status=done', 'since=yesterday', 'job_id=abc', 'limit=0', 'skip=-3'])(
    'rejects ?%s with 422',
    async (query) => {
      const response = await request(api.url).get(`/api/executions?${query}`).expect(422);
      expect(response.body.errors[0].path).toMatch(/^query\./);
    },
  );

  it('removes a job with its history (cascade)', async () => {
    await request(api.url).delete(`/api/jobs/${jobB}`).expect(204);
    expect((await request(api.url).get(`/api/executions?job_id=${jobB}`).expect(200)).body.total).toBe(0);
  });
});
