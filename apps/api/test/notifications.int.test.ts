import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobSchema } from '../src/features/jobs/jobs.schemas.js';
import { DeliveryPageSchema } from '../src/features/notifications/notifications.schemas.js';
import { startTestApi, type TestApi } from './helpers/api-harness.js';

const JOB = {
  name: 'Stop orders nightly',
  task_type: 'pipeline_stop',
  cron_expression: '0 2 * * *',
  pipeline_id: 'pipeline-1',
};

describe.each(['postgresql', 'sqlite'] as const)('job notifications API on %s', (provider) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ provider });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('creates notifications with the job, shows a generated or given secret once, never on a read', async () => {
    const created = await request(api.url)
      .post('/api/jobs')
      .send({
        ...JOB,
        notifications: [
          { url: 'https://alerts.example.com/chronos', events: ['failed', 'recovered'] },
          { url: 'http://127.0.0.1:9/hook', secret: 'my-own-secret-0123456789' },
        ],
      })
      .expect(201);
    const job = JobSchema.parse(created.body);
    const [generated, given] = job.notifications;
    expect(generated).toMatchObject({
      url: 'https://alerts.example.com/chronos',
      events: ['failed', 'recovered'],
    });
    expect(generated?.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    // No events: all four.
    expect(given).toMatchObject({
      events: ['failed', 'timed_out', 'missed', 'recovered'],
      secret: 'my-own-secret-0123456789',
    });

    const read = await request(api.url).get(`/api/jobs/${job.id}`).expect(200);
    expect(read.body.notifications).toHaveLength(2);
    expect(JSON.stringify(read.body)).not.toContain('secret');
    const listed = await request(api.url).get('/api/jobs').expect(200);
    const inList = listed.body.items.find((item: { id: number }) => item.id === job.id);
    expect(inList.notifications.map((n: { url: string }) => n.url)).toEqual([generated?.url, given?.url]);
    expect(JSON.stringify(listed.body)).not.toContain('secret');
  });

  it('updates by id (keeping the secret), adds, removes; an update without the field keeps them', async () => {
    const job = JobSchema.parse(
      (
        await request(api.url)
          .post('/api/jobs')
          .send({
            ...JOB,
            notifications: [{ url: 'https://a.example/hook' }, { url: 'https://b.example/hook' }],
          })
          .expect(201)
      ).body,
    );
    const [a] = job.notifications;
    const updated = await request(api.url)
      .put(`/api/jobs/${job.id}`)
      .send({
        notifications: [
          { id: a?.id, url: 'https://a.example/v2', events: ['missed'] },
          { url: 'https://c.example' },
        ],
      })
      .expect(200);
    const [keptA, c] = updated.body.notifications;
    expect(keptA).toMatchObject({ id: a?.id, url: 'https://a.example/v2', events: ['missed'] });
    expect(keptA.secret).toBeUndefined();
    expect(c.secret).toMatch(/^whsec_/);
    const stored = await api.db.notifications.listForJob(job.id);
    expect(stored.find((n) => n.id === a?.id)?.secret).toBe(a?.secret);
    expect(stored).toHaveLength(2);

    const untouched = await request(api.url).put(`/api/jobs/${job.id}`).send({ name: 'renamed' }).expect(200);
    expect(untouched.body.notifications).toHaveLength(2);
    const cleared = await request(api.url).put(`/api/jobs/${job.id}`).send({ notifications: [] }).expect(200);
    expect(cleared.body.notifications).toEqual([]);
  });

  it('422 naming the field for a URL that is not http(s), an unknown event, a short secret or another job’s id', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{ url: 'ftp://files.example/x' }, 'body.notifications.0.url', 'must be an http:// or https:// URL'],
      [{ url: 'javascript:alert(1)' }, 'body.notifications.0.url', 'must be an http:// or https:// URL'],
      [{ url: 'https://user:pw@a.example' }, 'body.notifications.0.url', 'without user:password@'],
      [{ url: 'https://a.example', events: ['exploded'] }, 'body.notifications.0.events.0', ''],
      [{ url: 'https://a.example', events: [] }, 'body.notifications.0.events', 'name at least one event'],
      [
        { url: 'https://a.example', secret: 'short' },
        'body.notifications.0.secret',
        'at least 16 characters',
      ],
    ];
    for (const [notification, path, message] of cases) {
      const response = await request(api.url)
        .post('/api/jobs')
        .send({ ...JOB, notifications: [notification] })
        .expect(422);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const issue = response.body.errors.find((e: { path: string }) => e.path === path);
      expect(
        issue,
        `${JSON.stringify(notification)} → ${JSON.stringify(response.body.errors)}`,
      ).toBeDefined();
      expect(issue.message).toContain(message);
    }
    const job = JobSchema.parse((await request(api.url).post('/api/jobs').send(JOB).expect(201)).body);
    const response = await request(api.url)
      .put(`/api/jobs/${job.id}`)
      .send({ notifications: [{ id: 999_999, url: 'https://a.example' }] })
      .expect(422);
    expect(response.body.errors).toEqual([
      { path: 'body.notifications.0.id', message: 'this job has no notification 999999' },
    ]);
  });

  it('lists the delivery attempts of a job, newest first, filtered by execution', async () => {
    const job = JobSchema.parse(
      (
        await request(api.url)
          .post('/api/jobs')
          .send({ ...JOB, notifications: [{ url: 'https://a.example' }] })
          .expect(201)
      ).body,
    );
    const { execution } = await api.db.executions.createIfAbsent({
      jobId: job.id,
      trigger: 'manual',
      scheduledFor: new Date(),
      status: 'failed',
      finishedAt: new Date(),
    });
    for (const [attempt, outcome, statusCode] of [
      [1, 'failed', 503],
      [2, 'delivered', 200],
    ] as const) {
      await api.db.notifications.recordDelivery({
        notificationId: job.notifications[0]!.id,
        jobId: job.id,
        executionId: execution.id,
        event: 'failed',
        url: 'https://a.example',
        attempt,
        outcome,
        statusCode,
        error: outcome === 'failed' ? 'HTTP 503' : null,
        durationMs: 5,
        attemptedAt: new Date(Date.now() + attempt),
      });
    }
    const page = DeliveryPageSchema.parse(
      (await request(api.url).get(`/api/jobs/${job.id}/notifications/deliveries`).expect(200)).body,
    );
    expect(page.total).toBe(2);
    expect(page.items.map((d) => [d.attempt, d.outcome, d.status_code, d.execution_id])).toEqual([
      [2, 'delivered', 200, execution.id],
      [1, 'failed', 503, execution.id],
    ]);
    const other = await request(api.url)
      .get(`/api/jobs/${job.id}/notifications/deliveries?execution_id=${execution.id + 1000}`)
      .expect(200);
    expect(other.body).toEqual({ items: [], total: 0 });
    await request(api.url).get('/api/jobs/999999/notifications/deliveries').expect(404);
  });
});
