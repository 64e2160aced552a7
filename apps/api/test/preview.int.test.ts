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

  it('reads day names in any case and answers them lower case', async () => {
    const response = await request(api.url)
      .post('/api/schedules/preview')
      .send({ schedule: { days_of_week: ['Monday', 'FRIDAY'], hour: 8, minute: 0 }, count: 1 })
      .expect(200);
    expect(response.body.cron_expression).toBe('0 8 * * 1,5');
    expect(response.body.schedule_days).toEqual(['monday', 'friday']);
    const unknown = await request(api.url)
      .post('/api/schedules/preview')
      .send({ schedule: { days_of_week: ['Mondays'], hour: 8, minute: 0 } })
      .expect(422);
    expect(unknown.body.errors[0].path).toBe('body.schedule.days_of_week.0');
  });

  it("answers an empty cron_expression with the schedule package's message", async () => {
    for (const cron of ['', '   ']) {
      const response = await request(api.url)
        .post('/api/schedules/preview')
        .send({ cron_expression: cron })
        .expect(422);
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          path: 'body.cron_expression',
          message: expect.stringContaining('cron expression is empty'),
        }),
      ]);
    }
  });

  it('combines the day fields as Vixie cron does', async () => {
    const preview = async (cron_expression: string) =>
      (
        await request(api.url)
          .post('/api/schedules/preview')
          .send({ cron_expression, timezone: 'UTC', from: '2027-01-31T12:00:00Z', count: 3 })
          .expect(200)
      ).body.next_runs;
    // Both restricted, a date February never has: the Mondays of February.
    expect(await preview('0 0 31 2 1')).toEqual([
      '2027-02-01T00:00:00+00:00',
      '2027-02-08T00:00:00+00:00',
      '2027-02-15T00:00:00+00:00',
    ]);
    // A stepped star is unrestricted: odd days that are Mondays.
    expect(await preview('0 0 */2 * 1')).toEqual([
      '2027-02-01T00:00:00+00:00',
      '2027-02-15T00:00:00+00:00',
      '2027-03-01T00:00:00+00:00',
    ]);
    // 1-31 is restricted: with a weekday, every day.
    expect(await preview('0 0 1-31 * 1')).toEqual([
      '2027-02-01T00:00:00+00:00',
      '2027-02-02T00:00:00+00:00',
      '2027-02-03T00:00:00+00:00',
    ]);
  });
});
