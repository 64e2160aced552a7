import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainStatusSchema, JobSchema } from '../src/features/jobs/jobs.schemas.js';
import { startTestApi, type TestApi } from './helpers/api-harness.js';

const JOB = {
  name: 'stop, then restart',
  task_type: 'entity_stop',
  cron_expression: '0 2 * * *',
  pipeline_id: 'p1',
  entity_ids: ['e1'],
};

const NOTIFY = '/api/webhooks/notify';

describe.each(['postgresql', 'sqlite'] as const)('chained events API on %s', (provider) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ provider, env: { WEBHOOK_RATE_LIMIT: '5' } });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('stores chained_events in order with their defaults; update replaces all; [] clears', async () => {
    const created = await request(api.url)
      .post('/api/jobs')
      .send({
        ...JOB,
        chained_events: [
          { task_type: 'entity_start', pipeline_id: 'p1', entity_ids: ['e1'], execution_mode: 'sync' },
          { task_type: 'visualize_refresh', viz_id: 'viz-1', webhook_timeout_seconds: 60 },
        ],
      })
      .expect(201);
    const job = JobSchema.parse(created.body);
    expect(
      job.chained_events.map((event) => [
        event.position,
        event.task_type,
        event.execution_mode,
        event.webhook_timeout_seconds,
        event.parent_job_id,
      ]),
    ).toEqual([
      [0, 'entity_start', 'sync', 3600, job.id],
      [1, 'visualize_refresh', 'async', 60, job.id],
    ]);
    expect(job.chained_events[0]).toMatchObject({ with_snapshot: false, snapshot_write_method: 'UPSERT' });
    expect(job.chained_events[1]).toMatchObject({ viz_id: 'viz-1', pipeline_id: '' });

    const listed = await request(api.url).get('/api/jobs').expect(200);
    const fromList = listed.body.items.find((item: { id: number }) => item.id === job.id);
    expect(fromList.chained_events).toHaveLength(2);

    const updated = await request(api.url)
      .put(`/api/jobs/${job.id}`)
      .send({ chained_events: [{ task_type: 'group_start', pipeline_id: 'p1', group_ids: ['g1'] }] })
      .expect(200);
    expect(updated.body.chained_events.map((event: { task_type: string }) => event.task_type)).toEqual([
      'group_start',
    ]);
    const untouched = await request(api.url).put(`/api/jobs/${job.id}`).send({ name: 'renamed' }).expect(200);
    expect(untouched.body.chained_events).toHaveLength(1);
    const cleared = await request(api.url)
      .put(`/api/jobs/${job.id}`)
      .send({ chained_events: [] })
      .expect(200);
    expect(cleared.body.chained_events).toEqual([]);
  });

  it('checks each event like a job: 422 naming the event and field', async () => {
    const response = await request(api.url)
      .post('/api/jobs')
      .send({
        ...JOB,
        chained_events: [
          { task_type: 'entity_start', pipeline_id: 'p1', entity_ids: ['e1'] },
          { task_type: 'entity_start', pipeline_id: 'p1' },
          { task_type: 'group_stop', pipeline_id: 'p1', execution_mode: 'later', webhook_timeout_seconds: 0 },
        ],
      })
      .expect(422);
    const paths = response.body.errors.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.chained_events.2.execution_mode',
        'body.chained_events.2.webhook_timeout_seconds',
      ]),
    );
    const rules = await request(api.url)
      .post('/api/jobs')
      .send({
        ...JOB,
        chained_events: [
          { task_type: 'entity_start', pipeline_id: 'p1', entity_ids: ['e1'] },
          { task_type: 'entity_start', pipeline_id: 'p1' },
          { task_type: 'group_stop', pipeline_id: 'p1' },
        ],
      })
      .expect(422);
    expect(rules.body.errors.map((issue: { path: string }) => issue.path)).toEqual([
      'body.chained_events.1.entity_ids',
      'body.chained_events.2.group_ids',
    ]);
    expect(
      (await request(api.url).get('/api/jobs').expect(200)).body.items.every(
        (job: { name: string; chained_events: unknown[] }) => job.chained_events.length < 3,
      ),
    ).toBe(true);
  });

  it('answers chain-status from the job (404 for an unknown one), and the history cascades with the job', async () => {
    const created = await request(api.url)
      .post('/api/jobs')
      .send({
        ...JOB,
        chained_events: [{ task_type: 'entity_start', pipeline_id: 'p1', entity_ids: ['e1'] }],
      })
      .expect(201);
    const status = ChainStatusSchema.parse(
      (await request(api.url).get(`/api/jobs/${created.body.id}/chain-status`).expect(200)).body,
    );
    expect(status).toEqual({
      job_id: created.body.id,
      has_chained_events: true,
      chain_error: null,
      last_error_time: null,
    });
    await api.db.jobs.recordChainError(
      created.body.id,
      'Chained event pos=0 (entity_start) failed or timed out',
      new Date('2026-12-08T00:00:00Z'),
    );
    const failed = (await request(api.url).get(`/api/jobs/${created.body.id}/chain-status`).expect(200)).body;
    expect(failed.chain_error).toBe('Chained event pos=0 (entity_start) failed or timed out');
    expect(failed.last_error_time).toBe('2026-12-08T00:00:00+00:00');
    await request(api.url).delete(`/api/jobs/${created.body.id}`).expect(204);
    expect(await api.db.chains.listEvents(created.body.id)).toEqual([]);
    const missing = await request(api.url).get('/api/jobs/999999/chain-status').expect(404);
    expect(missing.body.detail).toBe('Job with ID 999999 not found');
  });

  it("refuses webhooks without the reference's headers (400) and acknowledges nothing it does not wait for", async () => {
    const wrongModule = await request(api.url).post(NOTIFY).set('EXT_MODULE', 'other').set('X-Event-ID', '1');
    expect(wrongModule.status).toBe(400);
    expect(wrongModule.headers['content-type']).toContain('application/problem+json');
    expect(wrongModule.body.detail).toBe("Invalid or missing EXT_MODULE header (expected 'chronos')");
    const noModule = await request(api.url).post(NOTIFY).set('X-Event-ID', '1').expect(400);
    expect(noModule.body.detail).toBe("Invalid or missing EXT_MODULE header (expected 'chronos')");
    const noEvent = await request(api.url).post(NOTIFY).set('EXT_MODULE', 'chronos').send({ user: 'x' });
    expect(noEvent.status).toBe(400);
    expect(noEvent.body.detail).toBe('Missing X-Event-ID header');
    const unknown = await request(api.url)
      .post(NOTIFY)
      .set('EXT_MODULE', 'chronos')
      .set('X-Event-ID', '987654')
      .send({})
      .expect(200);
    expect(unknown.body).toEqual({
      acknowledged: false,
      reason: 'no active listener for this event_id (outside scheduled window)',
    });
    // Five a minute in this test: the sixth request from this address is refused.
    await request(api.url).post(NOTIFY).set('EXT_MODULE', 'chronos').set('X-Event-ID', '1').expect(200);
    const limited = await request(api.url).post(NOTIFY).set('EXT_MODULE', 'chronos').set('X-Event-ID', '1');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });
});
