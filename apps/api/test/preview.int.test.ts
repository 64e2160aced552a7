import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreviewSchema } from '../src/features/schedules/schedules.schemas.js';
import { startTestApi, type TestApi } from './helpers/api-harness.js';

describe('POST /api/schedules/preview', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ provider: 'sqlite', env: { TIMEZONE: 'Europe/Rome' } });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('converts the friendly format and lists runs in the setting zone from an instant', async () => {
    const response = await request(api.url)
      .post('/api/schedules/preview')
      .send({
        schedule: { days_of_week: ['monday', 'wednesday', 'friday'], hour: 8, minute: 30 },
        from: '2025-04-13T00:00:00Z',
        count: 3,
      })
      .expect(200);
    expect(PreviewSchema.parse(response.body)).toEqual({
      cron_expression: '30 8 * * 1,3,5',
      description: expect.stringContaining('(Europe/Rome)'),
      timezone: 'Europe/Rome',
      schedule_days: ['monday', 'wednesday', 'friday'],
      next_runs: ['2025-04-14T08:30:00+02:00', '2025-04-16T08:30:00+02:00', '2025-04-18T08:30:00+02:00'],
    });
  });

  it('takes a cron in an explicit zone across a DST change', async () => {
    const response = await request(api.url)
      .post('/api/schedules/preview')
      .send({
        cron_expression: '0 2 * * *',
        timezone: 'America/New_York',
        from: '2025-03-08T12:00:00Z',
        count: 3,
      })
      .expect(200);
    // 2025-03-09 02:00 does not exist in New York: it runs once at the next valid instant (DESIGN §4).
    expect(response.body.next_runs).toHaveLength(3);
    expect(response.body.next_runs[0]).toBe('2025-03-09T03:00:00-04:00');
    expect(response.body.next_runs[1]).toBe('2025-03-10T02:00:00-04:00');
  });

  it('lets cron_expression win when both are given', async () => {
    const response = await request(api.url)
      .post('/api/schedules/preview')
      .send({ cron_expression: '15 * * * *', schedule: { days_of_week: [], hour: 1, minute: 0 }, count: 1 })
      .expect(200);
    expect(response.body.cron_expression).toBe('15 * * * *');
  });

  it('returns up to 1000 runs and refuses more', async () => {
    const response = await request(api.url)
      .post('/api/schedules/preview')
      .send({ cron_expression: '*/5 * * * *', timezone: 'UTC', from: '2025-01-01T00:00:00Z', count: 1000 })
      .expect(200);
    expect(response.body.next_runs).toHaveLength(1000);
    expect(response.body.next_runs[999]).toBe('2025-01-04T11:20:00+00:00');
    const tooMany = await request(api.url)
      .post('/api/schedules/preview')
      .send({ cron_expression: '* * * * *', count: 1001 })
      .expect(422);
    expect(tooMany.body.errors[0].path).toBe('body.count');
  });

  it.each([
    [{}, 'body'],
    [{ cron_expression: 'every day' }, 'body.cron_expression'],
    [{ cron_expression: '0 0 30 2 *' }, 'body.cron_expression'],
    [{ cron_expression: '0 0 * * *', timezone: 'Europe/Atlantis' }, 'body.timezone'],
    [{ cron_expression: '0 0 * * *', from: 'yesterday' }, 'body.from'],
    [{ cron_expression: '0 0 * * *', from: '2025-01-01T00:00:00' }, 'body.from'],
  ])('rejects %j with 422 at %s', async (body, path) => {
    const response = await request(api.url).post('/api/schedules/preview').send(body).expect(422);
    expect(response.body.errors.map((issue: { path: string }) => issue.path)).toContain(path);
    expect(response.body.detail.length).toBeGreaterThan(0);
  });
});
