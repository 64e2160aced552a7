import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_DISABLED_WARNING } from '../src/features/health/health.routes.js';
import { ProblemSchema } from '../src/http/problem.js';
import { startTestApi, type TestApi } from './helpers/api-harness.js';

describe('HTTP edge: problems, request ids, limits', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ provider: 'sqlite', env: { BODY_LIMIT: '2kb' } });
  });
  afterAll(async () => {
    await api?.close();
  });

  const expectProblem = (response: request.Response, status: number) => {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = ProblemSchema.parse(response.body);
    expect(problem.status).toBe(status);
    expect(problem.requestId).toBe(response.headers['x-request-id']);
    expect(JSON.stringify(problem)).not.toMatch(/at .+\.(ts|js):\d+/);
    return problem;
  };

  it('answers malformed JSON with 400', async () => {
    const response = await request(api.url)
      .post('/api/jobs')
      .set('content-type', 'application/json')
      .send('{"name": "x",');
    expect(expectProblem(response, 400).detail).toContain('not valid JSON');
  });

  it('answers a JSON primitive body with 400 (an object is expected)', async () => {
    const response = await request(api.url)
      .post('/api/jobs')
      .set('content-type', 'application/json')
      .send('42');
    expectProblem(response, 400);
  });

  it('answers a body over BODY_LIMIT with 413', async () => {
    const response = await request(api.url)
      .post('/api/jobs')
      .send({ name: 'x'.repeat(4096), task_type: 'pipeline_start' });
    expectProblem(response, 413);
  });

  it('answers a non-JSON body with 415', async () => {
    const response = await request(api.url)
      .post('/api/jobs')
      .set('content-type', 'text/plain')
      .send('name=x');
    expect(expectProblem(response, 415).detail).toContain('application/json');
  });

  it('answers an unknown route with a 404 problem, not an HTML page', async () => {
    const response = await request(api.url).get('/api/nothing-here');
    expect(expectProblem(response, 404).code).toBe('ROUTE_NOT_FOUND');
  });

  it('answers a malformed id with 422 and an out-of-range one without touching the database', async () => {
    expect(expectProblem(await request(api.url).get('/api/jobs/abc'), 422).errors?.[0]?.path).toBe('path.id');
    expectProblem(await request(api.url).get('/api/jobs/99999999999'), 422);
  });

  it('keeps an incoming x-request-id and makes one otherwise', async () => {
    const kept = await request(api.url).get('/api/jobs/424242').set('x-request-id', 'abc-123');
    expect(kept.headers['x-request-id']).toBe('abc-123');
    expect(kept.body.requestId).toBe('abc-123');
    const made = await request(api.url).get('/health');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await request(api.url).get('/health').set('x-request-id', 'a b\tc');
    expect(hostile.headers['x-request-id']).not.toBe('a b\tc');
  });

  it('answers GET / with links instead of a redirect', async () => {
    const response = await request(api.url).get('/').redirects(0).expect(200);
    expect(response.body.links).toMatchObject({ docs: '/docs', openapi: '/openapi.json', jobs: '/api/jobs' });
  });

  it('serves /health, /ready, Swagger UI and Bull Board', async () => {
    expect((await request(api.url).get('/health').expect(200)).body).toEqual({ status: 'ok' });
    expect((await request(api.url).get('/ready').expect(200)).body).toEqual({
      status: 'ready',
      checks: { database: 'up', redis: 'up' },
      warnings: [AUTH_DISABLED_WARNING],
    });
    const docs = await request(api.url).get('/docs/').expect(200);
    expect(docs.text).toContain('swagger-ui');
    const board = await request(api.url).get('/admin/queues').expect(200);
    expect(board.text).toContain('<html');
    const queues = await request(api.url).get('/admin/queues/api/queues').expect(200);
    expect(JSON.stringify(queues.body)).toContain('chronos-runs');
  });

  it('counts requests by route template in /metrics, errors under the route they hit', async () => {
    await request(api.url).get('/api/jobs/424242').expect(404);
    await request(api.url).get('/api/jobs').expect(200);
    await request(api.url).post('/api/jobs').send({ name: 'no task type' }).expect(422);
    const metrics = await request(api.url).get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/jobs",status="200"\} [1-9]/,
    );
    expect(metrics.text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/jobs\/:id",status="404"\} [1-9]/,
    );
    expect(metrics.text).toMatch(
      /http_requests_total\{method="POST",route="\/api\/jobs",status="422"\} [1-9]/,
    );
    expect(metrics.text).not.toMatch(/method="POST",route="\/"/);
    expect(metrics.text).toMatch(
      /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/jobs",status="200"\}/,
    );
    expect(metrics.text).not.toContain('424242');
  });

  it('explains with 426 that /api/events is a WebSocket endpoint', async () => {
    expectProblem(await request(api.url).get('/api/events'), 426);
  });
});
