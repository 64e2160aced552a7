import { listJobSchedules } from '@chronos/queue';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingPageSchema, SettingSchema } from '../src/features/settings/settings.schemas.js';
import { startTestApi, type TestApi } from './helpers/api-harness.js';

const JOB = {
  name: 'Nightly stop',
  task_type: 'pipeline_stop',
  cron_expression: '0 2 * * *',
  pipeline_id: 'pipeline-1',
};

describe.each(['postgresql', 'sqlite'] as const)('settings API on %s', (provider) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ provider, env: { TIMEZONE: 'Europe/Rome' } });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('lists the seeded timezone setting, with and without a trailing slash', async () => {
    const page = SettingPageSchema.parse(
      (await request(api.url).get('/api/settings').redirects(0).expect(200)).body,
    );
    expect(page.items.find((setting) => setting.key === 'timezone')).toMatchObject({
      value: 'Europe/Rome',
      description: 'Timezone used for scheduling jobs',
    });
    expect((await request(api.url).get('/api/settings/').redirects(0).expect(200)).body.total).toBe(
      page.total,
    );
  });

  it('answers 404 with the reference message for an unknown key', async () => {
    const response = await request(api.url).get('/api/settings/nope').expect(404);
    expect(response.body.detail).toBe("Setting with key 'nope' not found");
    await request(api.url).put('/api/settings/nope').send({ value: 'x' }).expect(404);
  });

  it('creates a setting (201) once and answers 409 the second time', async () => {
    const body = { key: `ui.theme.${provider}`, value: 'dark', description: 'Theme' };
    const created = SettingSchema.parse(
      (await request(api.url).post('/api/settings').send(body).expect(201)).body,
    );
    expect(created).toMatchObject(body);
    const duplicate = await request(api.url).post('/api/settings/').send(body).expect(409);
    expect(duplicate.body.detail).toBe(`Setting with key 'ui.theme.${provider}' already exists`);
    const updated = await request(api.url)
      .put(`/api/settings/${body.key}`)
      .send({ value: 'light' })
      .expect(200);
    expect(updated.body).toMatchObject({ value: 'light', description: 'Theme' });
  });

  it('rejects a timezone that is not an IANA zone with the reference message and changes nothing', async () => {
    const response = await request(api.url)
      .put('/api/settings/timezone')
      .send({ value: 'Moon/Base' })
      .expect(422);
    expect(response.body.detail).toBe("Invalid timezone: 'Moon/Base'");
    expect(response.body.errors[0].path).toBe('body.value');
    expect((await request(api.url).get('/api/settings/timezone').expect(200)).body.value).toBe('Europe/Rome');
  });

  it('requires value on PUT and rejects unknown fields', async () => {
    const missing = await request(api.url).put('/api/settings/timezone').send({}).expect(422);
    expect(missing.body.errors[0].path).toBe('body.value');
    await request(api.url).put('/api/settings/timezone').send({ value: 'UTC', colour: 1 }).expect(422);
  });

  it('reschedules the jobs that follow the setting when the timezone changes, and only those', async () => {
    const follower = (await request(api.url).post('/api/jobs').send(JOB).expect(201)).body;
    const pinned = (
      await request(api.url)
        .post('/api/jobs')
        .send({ ...JOB, timezone: 'Asia/Tokyo' })
        .expect(201)
    ).body;
    expect(follower.timezone_name).toBe('Europe/Rome');

    const response = await request(api.url)
      .put('/api/settings/timezone')
      .send({ value: 'America/New_York' })
      .expect(200);
    expect(response.body.value).toBe('America/New_York');
    expect(response.body.rescheduled_jobs).toBeGreaterThanOrEqual(1);

    const movedJob = (await request(api.url).get(`/api/jobs/${follower.id}`).expect(200)).body;
    expect(movedJob).toMatchObject({ timezone_name: 'America/New_York', version: follower.version + 1 });
    expect(movedJob.next_run).toMatch(/T02:00:00-0[45]:00$/);
    const pinnedJob = (await request(api.url).get(`/api/jobs/${pinned.id}`).expect(200)).body;
    expect(pinnedJob).toMatchObject({ timezone_name: 'Asia/Tokyo', version: pinned.version });

    const { owned } = await listJobSchedules(api.queue);
    expect(owned.find((s) => s.jobId === follower.id)).toMatchObject({ tz: 'America/New_York', version: 2 });
    expect(owned.find((s) => s.jobId === pinned.id)).toMatchObject({ tz: 'Asia/Tokyo', version: 1 });

    // New jobs without a zone follow the new setting.
    const later = (await request(api.url).post('/api/jobs').send(JOB).expect(201)).body;
    expect(later.timezone_name).toBe('America/New_York');
  });

  it('writes several settings at once after checking all of them', async () => {
    const key = `bulk.${provider}`;
    await request(api.url).post('/api/settings').send({ key, value: 'a' }).expect(201);
    const rejected = await request(api.url)
      .put('/api/settings')
      .send({ [key]: 'b', timezone: 'Nowhere/Land' });
    expect(rejected.status).toBe(422);
    expect((await request(api.url).get(`/api/settings/${key}`).expect(200)).body.value).toBe('a');
    await request(api.url)
      .put('/api/settings')
      .send({ [key]: 'b', 'no.such.key': 'c' })
      .expect(404);
    expect((await request(api.url).get(`/api/settings/${key}`).expect(200)).body.value).toBe('a');
    const page = (
      await request(api.url)
        .put('/api/settings')
        .send({ [key]: 'b' })
        .expect(200)
    ).body;
    expect(page).toMatchObject({ total: 1, items: [{ key, value: 'b' }] });
  });
});
