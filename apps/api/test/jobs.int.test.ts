import { listJobSchedules } from '@chronos/queue';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobPageSchema, JobSchema } from '../src/features/jobs/jobs.schemas.js';
import { startTestApi, type TestApi } from './helpers/api-harness.js';

const FRIENDLY = {
  name: 'Start orders on weekdays',
  task_type: 'entity_start',
  schedule: { days_of_week: ['monday', 'wednesday', 'friday'], hour: 8, minute: 30 },
  pipeline_id: 'pipeline-1',
  entity_ids: ['orders'],
};

async function schedulerOf(api: TestApi, jobId: number) {
  const { owned } = await listJobSchedules(api.queue);
  return owned.find((scheduler) => scheduler.jobId === jobId);
}

describe.each(['postgresql', 'sqlite'] as const)('jobs API on %s', (provider) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ provider, env: { TIMEZONE: 'Europe/Rome' } });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('creates a job from the friendly format as cron 30 8 * * 1,3,5 and schedules it in Redis', async () => {
    const response = await request(api.url).post('/api/jobs').send(FRIENDLY).expect(201);
    const job = JobSchema.parse(response.body);
    expect(job).toMatchObject({
      cron_expression: '30 8 * * 1,3,5',
      is_cron_expression: false,
      schedule_days: ['monday', 'wednesday', 'friday'],
      timezone_name: 'Europe/Rome',
      follows_default_timezone: true,
      entity_ids: ['orders'],
      group_ids: [],
      enabled: true,
      version: 1,
      schedule_sync: 'synced',
      snapshot_write_method: 'UPSERT',
      concurrency_policy: 'forbid',
      // Catch-up defaults: the most recent missed tick, within the misfire grace (nothing changes on time).
      catchup: 'latest',
      catchup_window_seconds: job.misfire_grace_seconds,
    });
    expect(job.cron_job_identifier).toMatch(/^gluesync_job_[0-9a-f]{8}$/);
    expect(job.next_run).toMatch(/T08:30:00\+0[12]:00$/);
    expect(job.start_time).toMatch(/T08:30:00\+0[12]00$/);
    expect(job.schedule_description).toContain('Europe/Rome');
    expect(await schedulerOf(api, job.id)).toEqual({
      jobId: job.id,
      pattern: '30 8 * * 1,3,5',
      tz: 'Europe/Rome',
      version: 1,
    });
  });

  it('reads a job back, and answers 404 with the reference message for an unknown id', async () => {
    const created = (await request(api.url).post('/api/jobs').send(FRIENDLY).expect(201)).body;
    const read = await request(api.url).get(`/api/jobs/${created.id}`).expect(200);
    expect(read.body).toMatchObject({ id: created.id, cron_expression: '30 8 * * 1,3,5' });
    expect(read.body.schedule_sync).toBeUndefined();
    const missing = await request(api.url).get('/api/jobs/999999').expect(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.body).toMatchObject({ status: 404, detail: 'Job with ID 999999 not found' });
  });

  it('lets cron_expression win over schedule and keeps an explicit zone', async () => {
    const response = await request(api.url)
      .post('/api/jobs')
      .send({ ...FRIENDLY, cron_expression: '0 2 * * *', timezone: 'America/New_York' })
      .expect(201);
    expect(response.body).toMatchObject({
      cron_expression: '0 2 * * *',
      is_cron_expression: true,
      timezone_name: 'America/New_York',
      follows_default_timezone: false,
    });
    expect(response.body.next_run).toMatch(/T02:00:00-0[45]:00$/);
    expect((await schedulerOf(api, response.body.id))?.tz).toBe('America/New_York');
  });

  it('stores day names sent in any case lower case, and takes a Vixie day rule for next_run', async () => {
    const friendly = await request(api.url)
      .post('/api/jobs')
      .send({ ...FRIENDLY, schedule: { days_of_week: ['Monday', 'FRIDAY'], hour: 8, minute: 30 } })
      .expect(201);
    expect(JobSchema.parse(friendly.body)).toMatchObject({
      cron_expression: '30 8 * * 1,5',
      schedule_days: ['monday', 'friday'],
    });
    const cron = await request(api.url)
      .post('/api/jobs')
      .send({ ...FRIENDLY, schedule: undefined, cron_expression: '0 0 31 2 1', timezone: 'UTC' })
      .expect(201);
    const job = JobSchema.parse(cron.body);
    expect(job.cron_expression).toBe('0 0 31 2 1');
    // A Monday of February, never the 31st.
    const nextRun = new Date(job.next_run ?? '');
    expect([nextRun.getUTCMonth(), nextRun.getUTCDay()]).toEqual([1, 1]);
    const empty = await request(api.url).put(`/api/jobs/${job.id}`).send({ cron_expression: '' }).expect(422);
    expect(empty.body.errors[0]).toMatchObject({ path: 'body.cron_expression' });
    expect(empty.body.errors[0].message).toContain('cron expression is empty');
  });

  it('accepts the legacy singular entity_id as a one-element entity_ids', async () => {
    const { entity_ids: _ignored, ...legacy } = FRIENDLY;
    const response = await request(api.url)
      .post('/api/jobs')
      .send({ ...legacy, entity_id: 'customers' })
      .expect(201);
    expect(response.body.entity_ids).toEqual(['customers']);
  });

  it('updates only the fields sent and reschedules with the new version', async () => {
    const created = (await request(api.url).post('/api/jobs').send(FRIENDLY).expect(201)).body;
    const updated = await request(api.url)
      .put(`/api/jobs/${created.id}`)
      .send({ schedule: { days_of_week: [], hour: 6, minute: 15 }, description: 'early' })
      .expect(200);
    expect(updated.body).toMatchObject({
      name: FRIENDLY.name,
      task_type: 'entity_start',
      pipeline_id: 'pipeline-1',
      entity_ids: ['orders'],
      cron_expression: '15 6 * * *',
      description: 'early',
      version: 2,
      cron_job_identifier: created.cron_job_identifier,
      created_at: created.created_at,
      schedule_sync: 'synced',
    });
    expect(await schedulerOf(api, created.id)).toMatchObject({ pattern: '15 6 * * *', version: 2 });
  });

  it('removes the scheduler on disable and restores it on enable', async () => {
    const created = (await request(api.url).post('/api/jobs').send(FRIENDLY).expect(201)).body;
    const disabled = await request(api.url)
      .patch(`/api/jobs/${created.id}/status`)
      .send({ enabled: false })
      .expect(200);
    expect(disabled.body).toMatchObject({ enabled: false, next_run: null, schedule_sync: 'synced' });
    expect(await schedulerOf(api, created.id)).toBeUndefined();
    const enabled = await request(api.url)
      .patch(`/api/jobs/${created.id}/status`)
      .send({ enabled: true })
      .expect(200);
    expect(enabled.body.next_run).not.toBeNull();
    expect(await schedulerOf(api, created.id)).toMatchObject({ pattern: '30 8 * * 1,3,5', version: 3 });
  });

  it('deletes a job (204), then answers 404 and leaves no scheduler', async () => {
    const created = (await request(api.url).post('/api/jobs').send(FRIENDLY).expect(201)).body;
    await request(api.url).delete(`/api/jobs/${created.id}`).expect(204);
    await request(api.url).get(`/api/jobs/${created.id}`).expect(404);
    await request(api.url).delete(`/api/jobs/${created.id}`).expect(404);
    expect(await schedulerOf(api, created.id)).toBeUndefined();
  });

  it('filters and pages the list with a total counted before pagination', async () => {
    const marker = { pipeline_id: `list-${provider}` };
    const before = (await request(api.url).get('/api/jobs?limit=1000').expect(200)).body;
    for (let index = 0; index < 3; index += 1) {
      await request(api.url)
        .post('/api/jobs')
        .send({ ...FRIENDLY, ...marker, task_type: 'pipeline_stop', entity_ids: [], enabled: index !== 1 })
        .expect(201);
    }
    const all = JobPageSchema.parse((await request(api.url).get('/api/jobs').expect(200)).body);
    expect(all.total).toBe(before.total + 3);
    const stops = (
      await request(api.url).get('/api/jobs/?task_type=pipeline_stop&limit=1&skip=1').expect(200)
    ).body;
    expect(stops.total).toBe(3);
    expect(stops.items).toHaveLength(1);
    const enabledStops = (
      await request(api.url).get('/api/jobs?task_type=pipeline_stop&enabled=true').expect(200)
    ).body;
    expect(enabledStops.total).toBe(2);
    const disabledStops = (
      await request(api.url).get('/api/jobs?task_type=pipeline_stop&enabled=false').expect(200)
    ).body;
    expect(disabledStops.items.map((job: { enabled: boolean }) => job.enabled)).toEqual([false]);
  });

  it('serves collection routes with and without a trailing slash, never redirecting', async () => {
    const plain = await request(api.url).get('/api/jobs').redirects(0);
    const slashed = await request(api.url).get('/api/jobs/').redirects(0);
    expect(plain.status).toBe(200);
    expect(slashed.status).toBe(200);
    expect(slashed.body.total).toBe(plain.body.total);
    await request(api.url).post('/api/jobs/').send(FRIENDLY).redirects(0).expect(201);
  });

  it.each([
    [
      { ...FRIENDLY, schedule: undefined },
      'body',
      'A cron expression or schedule is required for job creation',
    ],
    [{ ...FRIENDLY, colour: 'red' }, 'body.colour', 'unknown field "colour"'],
    [{ ...FRIENDLY, entity_ids: [] }, 'body.entity_ids', 'entity'],
    [{ ...FRIENDLY, task_type: 'group_start', entity_ids: [] }, 'body.group_ids', 'group'],
    [{ ...FRIENDLY, task_type: 'reboot_everything' }, 'body.task_type', ''],
    [{ ...FRIENDLY, timezone: 'Mars/Olympus' }, 'body.timezone', 'IANA'],
    [{ ...FRIENDLY, cron_expression: '61 * * * *' }, 'body.cron_expression', 'minute'],
    [{ ...FRIENDLY, cron_expression: 'H 8 * * *' }, 'body.cron_expression', ''],
    [
      { ...FRIENDLY, schedule: { days_of_week: ['monday', 'monday'], hour: 8, minute: 0 } },
      'body.schedule',
      '',
    ],
    [{ ...FRIENDLY, schedule: { days_of_week: [], hour: 24, minute: 0 } }, 'body.schedule.hour', ''],
    [{ ...FRIENDLY, entity_id: 'x' }, 'body.entity_id', 'not both'],
    [{ ...FRIENDLY, catchup: 'sometimes' }, 'body.catchup', 'latest'],
    [{ ...FRIENDLY, catchup_window_seconds: -1 }, 'body.catchup_window_seconds', '0'],
    [{ ...FRIENDLY, catchup_window_seconds: 1.5 }, 'body.catchup_window_seconds', 'int'],
  ])('rejects an invalid create with 422 naming the field (%#)', async (body, path, text) => {
    const before = (await request(api.url).get('/api/jobs').expect(200)).body.total;
    const response = await request(api.url).post('/api/jobs').send(body).expect(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors.map((issue: { path: string }) => issue.path).join(' ')).toContain(path);
    expect(`${response.body.detail} ${JSON.stringify(response.body.errors)}`).toContain(text);
    expect((await request(api.url).get('/api/jobs').expect(200)).body.total).toBe(before);
  });

  it('stores and updates the catch-up policy', async () => {
    const created = await request(api.url)
      .post('/api/jobs')
      .send({ ...FRIENDLY, misfire_grace_seconds: 30, catchup: 'all', catchup_window_seconds: 3600 })
      .expect(201);
    expect(created.body).toMatchObject({ catchup: 'all', catchup_window_seconds: 3600 });
    const updated = await request(api.url)
      .put(`/api/jobs/${created.body.id}`)
      .send({ catchup: 'none' })
      .expect(200);
    expect(updated.body).toMatchObject({ catchup: 'none', catchup_window_seconds: 3600 });
  });

  it('checks task rules against the merged job on update', async () => {
    const created = (await request(api.url).post('/api/jobs').send(FRIENDLY).expect(201)).body;
    const response = await request(api.url)
      .put(`/api/jobs/${created.id}`)
      .send({ task_type: 'group_stop' })
      .expect(422);
    expect(response.body.errors[0].path).toBe('body.group_ids');
    await request(api.url)
      .put(`/api/jobs/${created.id}`)
      .send({ task_type: 'group_stop', group_ids: ['g1'] })
      .expect(200);
  });

  it("stores the automation params under the reference's fields, merges them on update, and names what is missing", async () => {
    const body = {
      name: 'Nightly AI summary',
      task_type: 'ai_agent_run',
      cron_expression: '0 2 * * *',
      agent_alias: 'ops-summary',
      agent_input: { scope: 'orders', depth: 2 },
      agent_version: 3,
    };
    const created = JobSchema.parse((await request(api.url).post('/api/jobs').send(body).expect(201)).body);
    expect(created).toMatchObject({
      pipeline_id: '',
      agent_alias: 'ops-summary',
      agent_input: { scope: 'orders', depth: 2 },
      agent_version: 3,
      viz_id: null,
      command: `Scheduled job ID: job_${created.id}`,
    });
    const updated = await request(api.url)
      .put(`/api/jobs/${created.id}`)
      .send({ agent_version: null, idempotency_key: 'nightly' })
      .expect(200);
    expect(updated.body).toMatchObject({
      agent_alias: 'ops-summary',
      agent_version: null,
      idempotency_key: 'nightly',
    });
    const disabled = await request(api.url).patch(`/api/jobs/${created.id}/status`).send({ enabled: false });
    expect(disabled.body.command).toBe('disabled');

    const missing = await request(api.url)
      .post('/api/jobs')
      .send({ ...FRIENDLY, task_type: 'query_studio', agent_id: 'a1' })
      .expect(422);
    expect(missing.body.errors).toEqual([
      { path: 'body.query_sql', message: 'query_studio requires a non-empty query_sql or saved_query_id' },
    ]);
    const nested = await request(api.url)
      .post('/api/jobs')
      .send({
        ...FRIENDLY,
        task_type: 'visualize_refresh',
        viz_id: 'v1',
        visualize_parameters: { a: { b: 1 } },
      })
      .expect(422);
    expect(nested.body.errors[0].path).toBe('body.visualize_parameters.a');
    // The original's clients send object fields as JSON strings.
    const fromString = await request(api.url)
      .post('/api/jobs')
      .send({
        ...FRIENDLY,
        task_type: 'visualize_refresh',
        viz_id: 'v1',
        visualize_parameters: '{"region":"eu"}',
      })
      .expect(201);
    expect(fromString.body.visualize_parameters).toEqual({ region: 'eu' });
  });

  it('hands a job back to the timezone setting with timezone: null', async () => {
    const created = (
      await request(api.url)
        .post('/api/jobs')
        .send({ ...FRIENDLY, timezone: 'Asia/Tokyo' })
        .expect(201)
    ).body;
    expect(created.follows_default_timezone).toBe(false);
    const updated = await request(api.url)
      .put(`/api/jobs/${created.id}`)
      .send({ timezone: null })
      .expect(200);
    expect(updated.body).toMatchObject({ timezone_name: 'Europe/Rome', follows_default_timezone: true });
  });
});
