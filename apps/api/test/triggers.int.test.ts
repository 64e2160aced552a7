import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TriggerFlowSchema, TriggerFlowWithTokenSchema } from '../src/features/triggers/triggers.schemas.js';
import { startTestApi, type TestApi } from './helpers/api-harness.js';

const sha = (token: string) => createHash('sha256').update(token).digest('hex');
const MANAGER = { authorization: 'Bearer chr_manager-token' };
const VIEWER = { authorization: 'Bearer chr_viewer-token' };

const event = (overrides: Record<string, unknown> = {}) => ({
  task_type: 'entity_start',
  pipeline_id: 'p1',
  entity_ids: ['orders'],
  execution_mode: 'sync',
  ...overrides,
});

describe.each(['postgresql', 'sqlite'] as const)('/api/triggers on %s', (provider) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({
      provider,
      env: {
        AUTH_DISABLED: 'false',
        API_TOKENS: `manager:MANAGER:${sha('chr_manager-token')},viewer:VIEWER:${sha('chr_viewer-token')}`,
        PUBLIC_URL: 'https://chronos.example.com/',
      },
    });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('creates a flow (201, token shown once, stored hashed) and serves it without the token', async () => {
    const created = await request(api.url)
      .post('/api/triggers/')
      .set(MANAGER)
      .send({
        name: 'restart',
        description: 'stop then start',
        events: [event({ task_type: 'entity_stop' }), event()],
      })
      .expect(201);
    const flow = TriggerFlowWithTokenSchema.parse(created.body);
    expect(flow.secret_token.length).toBeGreaterThan(20);
    expect(flow).toMatchObject({
      enabled: true,
      routing: 'broadcast',
      platform_event: null,
      trigger_url: `https://chronos.example.com/api/triggers/${flow.id}/fire`,
    });
    expect(flow.events.map((item) => [item.position, item.task_type, item.execution_mode])).toEqual([
      [0, 'entity_stop', 'sync'],
      [1, 'entity_start', 'sync'],
    ]);
    expect(await api.db.triggerFlows.findTokenHash(flow.id)).toBe(sha(flow.secret_token));

    const read = await request(api.url).get(`/api/triggers/${flow.id}`).set(VIEWER).expect(200);
    expect(read.body).not.toHaveProperty('secret_token');
    TriggerFlowSchema.parse(read.body);
    const page = await request(api.url).get('/api/triggers').set(VIEWER).expect(200);
    expect(page.body.items.map((item: { id: number }) => item.id)).toContain(flow.id);
    expect(page.body.total).toBeGreaterThanOrEqual(1);
  });

  it("checks each event with its task type's rules, naming events[i] and its field", async () => {
    const refused = await request(api.url)
      .post('/api/triggers')
      .set(MANAGER)
      .send({
        name: 'bad',
        events: [event(), event({ task_type: 'group_start', entity_ids: [] }), event({ task_type: 'nope' })],
      })
      .expect(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'body.events.2.task_type' })]),
    );
    const groups = await request(api.url)
      .post('/api/triggers')
      .set(MANAGER)
      .send({ name: 'bad', events: [event(), event({ task_type: 'group_start', entity_ids: [] })] })
      .expect(422);
    expect(groups.body.errors).toEqual([
      {
        path: 'body.events.1.group_ids',
        message: 'group_start requires at least one group id in events[1].group_ids',
      },
    ]);
    await request(api.url).post('/api/triggers').set(MANAGER).send({ name: 'empty', events: [] }).expect(422);
  });

  it('defaults routing to origin for table-scoped platform events, updates, toggles and deletes', async () => {
    const created = await request(api.url)
      .post('/api/triggers')
      .set(MANAGER)
      .send({ name: 'reorg', platform_event: 'TABLE_REORGANIZATION', events: [event()] })
      .expect(201);
    const id = created.body.id as number;
    expect(created.body.routing).toBe('origin');
    expect(await api.db.triggerFlows.listPlatformEventFlows()).toEqual(
      expect.arrayContaining([{ id, platformEvent: 'TABLE_REORGANIZATION', enabled: true }]),
    );
    const updated = await request(api.url)
      .put(`/api/triggers/${id}`)
      .set(MANAGER)
      .send({ name: 'reorg v2', events: [event({ task_type: 'pipeline_stop', entity_ids: [] })] })
      .expect(200);
    expect(updated.body.name).toBe('reorg v2');
    expect(updated.body.events.map((item: { task_type: string }) => item.task_type)).toEqual([
      'pipeline_stop',
    ]);
    const disabled = await request(api.url)
      .patch(`/api/triggers/${id}/status`)
      .set(MANAGER)
      .send({ enabled: false });
    expect(disabled.body.enabled).toBe(false);
    await request(api.url).delete(`/api/triggers/${id}`).set(MANAGER).expect(204);
    const gone = await request(api.url).get(`/api/triggers/${id}`).set(VIEWER).expect(404);
    expect(gone.body.detail).toBe(`TriggerFlow ${id} not found`);
  });

  it('lets a viewer read but not write or fire-internal', async () => {
    const created = await request(api.url)
      .post('/api/triggers')
      .set(MANAGER)
      .send({ name: 'x', events: [event()] });
    const id = created.body.id as number;
    await request(api.url)
      .post('/api/triggers')
      .set(VIEWER)
      .send({ name: 'y', events: [event()] })
      .expect(403);
    await request(api.url).post(`/api/triggers/${id}/fire-internal`).set(VIEWER).expect(403);
    await request(api.url).post(`/api/triggers/${id}/regenerate-token`).set(VIEWER).expect(403);
    await request(api.url).get(`/api/triggers/${id}/logs`).set(VIEWER).expect(200);
    await request(api.url).get(`/api/triggers/${id}/logs?limit=101`).set(VIEWER).expect(422);
    await request(api.url).get('/api/triggers').expect(401);
  });

  it('fires with the token alone (no session), queues a log with the payload, and lists logs newest first', async () => {
    const created = await request(api.url)
      .post('/api/triggers')
      .set(MANAGER)
      .send({ name: 'fire', events: [event()] });
    const { id, secret_token: token } = created.body as { id: number; secret_token: string };
    const fired = await request(api.url)
      .post(`/api/triggers/${id}/fire`)
      .set('X-Trigger-Token', token)
      .send({ ticket: 'T-1' })
      .expect(202);
    expect(fired.body).toMatchObject({
      trigger_flow_id: id,
      status: 'queued',
      events_count: 1,
      message: "TriggerFlow 'fire' queued for execution",
    });
    const internal = await request(api.url)
      .post(`/api/triggers/${id}/fire-internal`)
      .set(MANAGER)
      .expect(202);
    const logs = await request(api.url).get(`/api/triggers/${id}/logs`).set(VIEWER).expect(200);
    expect(logs.body.map((log: { id: number; source: string }) => log.source)).toEqual(['manual', 'webhook']);
    expect(logs.body[0].id).toBe(internal.body.detail.log_id);
    expect((await api.db.triggerFlows.get(id)).lastTriggered).not.toBeNull();

    // The body must be a JSON object of at most 64 KiB.
    await request(api.url)
      .post(`/api/triggers/${id}/fire`)
      .set('X-Trigger-Token', token)
      .send([1, 2])
      .expect(422);
    await request(api.url)
      .post(`/api/triggers/${id}/fire`)
      .set('X-Trigger-Token', token)
      .send({ big: 'x'.repeat(70_000) })
      .expect(413);
    await request(api.url)
      .post(`/api/triggers/${id}/fire?wait_timeout_seconds=0`)
      .set('X-Trigger-Token', token)
      .expect(422);
    await request(api.url).post('/api/triggers/999999/fire-internal').set(MANAGER).expect(404);
  });

  it('answers 429 to a client past the limit of wrong tokens', async () => {
    const limited = await startTestApi({
      provider,
      env: { AUTH_DISABLED: 'true', AUTH_FAILURE_LIMIT: '3', AUTH_FAILURE_WINDOW_SECONDS: '60' },
    });
    try {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await request(limited.url).post('/api/triggers/1/fire').set('X-Trigger-Token', 'guess').expect(401);
      }
      const refused = await request(limited.url).post('/api/triggers/1/fire').set('X-Trigger-Token', 'guess');
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBeDefined();
    } finally {
      await limited.close();
    }
  });
});
