import { TEST_REDIS_URL } from '@chronos/queue/testing';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionSchema, RunResultSchema } from '../src/features/executions/executions.schemas.js';
import { findClosedPort, startTestApi, type TestApi } from './helpers/api-harness.js';
import { type StandInOutcome, startStandInWorker } from './helpers/stand-in-worker.js';

const JOB = {
  name: 'Start orders',
  task_type: 'entity_start',
  cron_expression: '0 3 * * *',
  pipeline_id: 'pipeline-1',
  entity_ids: ['orders'],
};

describe.each(['postgresql', 'sqlite'] as const)('run now on %s', (provider) => {
  let api: TestApi;
  let worker: Awaited<ReturnType<typeof startStandInWorker>> | undefined;
  let jobId: number;

  const withWorker = async (outcome: StandInOutcome) => {
    worker = await startStandInWorker({ redisUrl: TEST_REDIS_URL, prefix: api.prefix, db: api.db, outcome });
  };

  beforeAll(async () => {
    api = await startTestApi({ provider });
    jobId = (await request(api.url).post('/api/jobs').send(JOB).expect(201)).body.id;
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('records a queued manual execution and queues it with the request id (202)', async () => {
    const before = Date.now();
    const response = await request(api.url)
      .post(`/api/jobs/${jobId}/run`)
      .set('x-request-id', 'run-now-test-1')
      .expect(202);
    const execution = ExecutionSchema.parse(response.body);
    expect(execution).toMatchObject({ job_id: jobId, trigger: 'manual', status: 'queued', steps: [] });
    expect(new Date(execution.scheduled_for).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((await api.db.executions.get(execution.id)).status).toBe('queued');
    const queued = await api.queue.getJob(`run-${execution.id}`);
    expect(queued?.data).toEqual({ v: 1, jobId, executionId: execution.id, requestId: 'run-now-test-1' });
  });

  it('waits for the worker and answers 200 with success and message', async () => {
    await withWorker({ status: 'succeeded', publish: true });
    const response = await request(api.url)
      .post(`/api/jobs/${jobId}/run?wait=true&timeout_seconds=30`)
      .expect(200);
    const result = RunResultSchema.parse(response.body);
    expect(result).toMatchObject({
      status: 'succeeded',
      success: true,
      message: `Job ${jobId} executed successfully`,
    });
    expect(result.steps).toHaveLength(1);
    expect(result.finished_at).not.toBeNull();
  });

  it('reports a failed run with success false and the error', async () => {
    await withWorker({ status: 'failed', error: 'CoreHub answered 500', publish: true });
    const response = await request(api.url)
      .post(`/api/jobs/${jobId}/run?wait=1&timeout_seconds=30`)
      .expect(200);
    expect(response.body).toMatchObject({ status: 'failed', success: false });
    expect(response.body.message).toContain('CoreHub answered 500');
  });

  it('finishes the wait from the database when no event is published', async () => {
    await withWorker({ status: 'succeeded', publish: false });
    const response = await request(api.url)
      .post(`/api/jobs/${jobId}/run?wait=true&timeout_seconds=30`)
      .expect(200);
    expect(response.body).toMatchObject({ status: 'succeeded', success: true });
  });

  it('answers at the timeout with the row as it is and a still-running message', async () => {
    const response = await request(api.url)
      .post(`/api/jobs/${jobId}/run?wait=true&timeout_seconds=1`)
      .expect(200);
    expect(response.body).toMatchObject({ status: 'queued', success: false });
    expect(response.body.message).toContain('still queued after 1s');
  });

  it.each(['0', '3601', 'soon'])('rejects timeout_seconds=%s with 422', async (value) => {
    const response = await request(api.url).post(`/api/jobs/${jobId}/run?wait=true&timeout_seconds=${value}`);
    expect(response.status).toBe(422);
    expect(response.body.errors[0].path).toBe('query.timeout_seconds');
  });

  it('answers 404 for an unknown job and records nothing', async () => {
    const before = (await api.db.executions.list({})).total;
    await request(api.url).post('/api/jobs/987654/run').expect(404);
    expect((await api.db.executions.list({})).total).toBe(before);
  });

  it("lists a job's executions newest first, filtered by status", async () => {
    const page = (await request(api.url).get(`/api/jobs/${jobId}/executions`).expect(200)).body;
    expect(page.total).toBeGreaterThanOrEqual(4);
    const times = page.items.map((item: { scheduled_for: string }) => new Date(item.scheduled_for).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const failed = (await request(api.url).get(`/api/jobs/${jobId}/executions?status=failed`).expect(200))
      .body;
    expect(failed.items.every((item: { status: string }) => item.status === 'failed')).toBe(true);
    expect(failed.total).toBeGreaterThanOrEqual(1);
    await request(api.url).get('/api/jobs/987654/executions').expect(404);
  });
});

describe('run now while Redis is down', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ provider: 'sqlite', redisUrl: `redis://127.0.0.1:${await findClosedPort()}` });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers 503 and records the execution as failed with the reason', async () => {
    const created = (await request(api.url).post('/api/jobs').send(JOB).expect(201)).body;
    expect(created.schedule_sync).toBe('pending');
    const response = await request(api.url).post(`/api/jobs/${created.id}/run`).expect(503);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.detail).toContain('Redis is unavailable');
    const { items } = await api.db.executions.list({ jobId: created.id });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      status: 'failed',
      error: 'Could not queue the run: Redis is unavailable',
    });
    expect(items[0]?.finishedAt).toBeInstanceOf(Date);
  });
});
