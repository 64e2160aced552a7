import { gzipSync } from 'node:zlib';
import type { Logger } from '@chronos/logger';
import { createLogger } from '@chronos/logger';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemSchema } from '../src/http/problem.js';
import { findClosedPort, startTestApi, type TestApi } from './helpers/api-harness.js';

const VALID_JOB = {
  name: 'Hostile input target',
  task_type: 'entity_start',
  schedule: { days_of_week: ['monday'], hour: 8, minute: 30 },
  pipeline_id: 'pipeline-1',
  entity_ids: ['orders'],
};

/** Log lines the api wrote, parsed (the logger writes JSON to this stream). */
function capturingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    service: 'api-test',
    level: 'info',
    destination: {
      write(line: string) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  });
  return { logger, lines };
}

describe('hostile input on PostgreSQL: a 4xx naming the problem, never a 500', () => {
  let api: TestApi;
  let jobId: number;

  beforeAll(async () => {
    api = await startTestApi({ provider: 'postgresql' });
    jobId = (await request(api.url).post('/api/jobs').send(VALID_JOB).expect(201)).body.id;
  });
  afterAll(async () => {
    await api?.close();
  });

  const expectProblem = (response: request.Response, status: number | number[]) => {
    expect([status].flat(), `${response.status} ${JSON.stringify(response.body)}`).toContain(response.status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = ProblemSchema.parse(response.body);
    expect(JSON.stringify(problem)).not.toMatch(/at .+\.(ts|js):\d+/);
    return problem;
  };

  /** The raw JSON text, so a lone surrogate or NUL goes over the wire as JSON escapes. */
  const sendRaw = (method: 'post' | 'put', path: string, json: string) =>
    request(api.url)[method](path).set('content-type', 'application/json').send(json);

  it.each([
    ['a lone surrogate in a list', 'put', 'job', '{"entity_ids":["\\ud800"]}', 'body.entity_ids.0'],
    ['a lone surrogate in a field', 'put', 'job', '{"entity_id":"a\\udc00"}', 'body.entity_id'],
    ['a NUL in a name', 'put', 'job', '{"name":"a\\u0000b"}', 'body.name'],
    [
      'a NUL in a description',
      'post',
      '/api/jobs',
      JSON.stringify({ ...VALID_JOB, description: 'x\u0000' }),
      'body.description',
    ],
    ['a NUL in a setting value', 'put', '/api/settings/timezone', '{"value":"UTC\\u0000"}', 'body.value'],
  ] as const)('%s → 422 naming the field', async (_what, method, path, json, field) => {
    const before = await api.db.jobs.get(jobId);
    const problem = expectProblem(
      await sendRaw(method, path === 'job' ? `/api/jobs/${jobId}` : path, json),
      422,
    );
    expect(problem.errors?.map((issue) => issue.path)).toContain(field);
    expect((await api.db.jobs.get(jobId)).version).toBe(before.version);
  });

  it('a lone surrogate or NUL in a query → 422', async () => {
    expectProblem(await request(api.url).get('/api/jobs?task_type=%ED%A0%80'), [400, 422]);
    const problem = expectProblem(await request(api.url).get('/api/jobs?task_type=a%00'), 422);
    expect(problem.errors?.[0]?.path).toBe('query.task_type');
  });

  it.each(['/api/jobs/%E0%A4%A', '/api/jobs/%', '/api/jobs/%ZZ', '/api/settings/%E0%A4%A'])(
    'malformed percent-encoding %s → 400',
    async (path) => {
      expect(expectProblem(await request(api.url).get(path), 400).detail).toMatch(/percent-encod/);
    },
  );

  /** fetch, not supertest: superagent would serialise a Buffer body as JSON. */
  const postEncoded = (path: string, encoding: string, body: string | Buffer) =>
    fetch(`${api.url}${path}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'content-encoding': encoding },
      body,
    });

  it.each(['gzip', 'deflate', 'br'])('a body that is not valid %s → 400', async (encoding) => {
    const response = await postEncoded(`/api/jobs/${jobId}`, encoding, '{"name": "not compressed at all"}');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { detail: string }).detail).toContain('Content-Encoding');
  });

  it('a gzip body that decodes is accepted', async () => {
    const response = await postEncoded(
      `/api/jobs/${jobId}`,
      'gzip',
      gzipSync(JSON.stringify({ description: 'zipped' })),
    );
    expect(response.status).toBe(200);
    expect((await api.db.jobs.get(jobId)).description).toBe('zipped');
  });

  it.each([
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00+01:00',
    '9999-12-31T23:59:59-01:00',
    '275760-09-13T00:00:00Z',
  ])('since=%s (outside years 1–9999) → 422', async (since) => {
    const problem = expectProblem(
      await request(api.url).get(`/api/executions?since=${encodeURIComponent(since)}`),
      422,
    );
    expect(problem.errors?.[0]?.path).toBe('query.since');
  });
});

describe('server-side failures are logged once', () => {
  it('a request the database cannot answer: one 503 line with the error, not a handler line and a request line', async () => {
    const { logger, lines } = capturingLogger();
    const port = await findClosedPort();
    const api = await startTestApi({
      provider: 'postgresql',
      dbUrl: `postgresql://postgres@127.0.0.1:${port}/chronos_absent`,
      logger,
    });
    try {
      const response = await request(api.url).get('/api/jobs');
      expect(response.status).toBe(503);
      const requestId = String(response.headers['x-request-id']);
      const forRequest = lines.filter((line) => line.requestId === requestId);
      expect(forRequest).toHaveLength(1);
      expect(forRequest[0]).toMatchObject({ msg: 'dependency unavailable', res: { statusCode: 503 } });
      expect(JSON.stringify(forRequest[0]?.err)).toContain('DATABASE_UNAVAILABLE');
    } finally {
      await api.close();
    }
  });
});
