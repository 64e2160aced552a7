import { Writable } from 'node:stream';
import { generateApiToken } from '@chronos/auth';
import { createSimulator, DEFAULT_USERS, type Simulator } from '@chronos/corehub-sim';
import { createLogger } from '@chronos/logger';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './helpers/api-harness.js';

const ROUTES = [
  ['get', '/api/jobs'],
  ['post', '/api/jobs'],
  ['get', '/api/jobs/1'],
  ['put', '/api/jobs/1'],
  ['patch', '/api/jobs/1/status'],
  ['delete', '/api/jobs/1'],
  ['post', '/api/jobs/1/run'],
  ['get', '/api/jobs/1/executions'],
  ['get', '/api/executions'],
  ['post', '/api/schedules/preview'],
  ['get', '/api/settings'],
  ['put', '/api/settings'],
  ['post', '/api/settings'],
  ['put', '/api/settings/timezone'],
  ['get', '/metrics'],
  ['get', '/admin/queues'],
] as const;

const STACK_TRACE = /\n\s+at .+\(|node:internal|\.ts:\d+:\d+/;

/** Header values a browser, a script or an attacker might send (printable ASCII: what HTTP allows). */
const headerValue = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.~+/= ;'.split('')), maxLength: 200 }),
  fc.constantFrom('Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Bearer chr_', 'Bearer chr_forged', 'null'),
);

describe('hostile requests without a valid credential', () => {
  let sim: Simulator;
  let api: TestApi;
  beforeAll(async () => {
    sim = await createSimulator();
    api = await startTestApi({
      provider: 'sqlite',
      env: { AUTH_DISABLED: 'false', CORE_HUB_URL: sim.url, AUTH_FAILURE_LIMIT: '100000' },
    });
    await request(api.url)
      .post('/api/jobs')
      .set('authorization', `Bearer ${DEFAULT_USERS[0]?.token}`)
      .send({ name: 'x', task_type: 'pipeline_stop', cron_expression: '0 8 * * *', pipeline_id: '8aeb9fb6' })
      .expect(201);
  });
  afterAll(async () => {
    await api?.close();
    await sim?.stop();
  });

  it('never get a 5xx or a stack trace, and write nothing', async () => {
    const before = {
      jobs: await api.db.jobs.list({ skip: 0, limit: 1000 }),
      settings: await api.db.settings.list({ skip: 0, limit: 1000 }),
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.record(
          {
            authorization: headerValue,
            cookie: headerValue.map((v) => `gs-auth=${v}`),
            'x-forwarded-for': headerValue,
          },
          { requiredKeys: [] },
        ),
        fc.oneof(fc.jsonValue(), fc.string({ maxLength: 500 })),
        async ([method, path], headers, body) => {
          const response = await request(api.url)
            [method](path)
            .set(headers)
            .set('content-type', 'application/json')
            .send(typeof body === 'string' ? body : JSON.stringify(body));
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(response.text).not.toMatch(STACK_TRACE);
        },
      ),
      { numRuns: 300 },
    );
    expect(await api.db.jobs.list({ skip: 0, limit: 1000 })).toEqual(before.jobs);
    expect(await api.db.settings.list({ skip: 0, limit: 1000 })).toEqual(before.settings);
  });
});

describe('logs', () => {
  it('never contain tokens, cookies, API tokens or the module license', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    });
    const logger = createLogger({ service: 'api', level: 'trace', destination });
    const sim = await createSimulator();
    const apiToken = generateApiToken('bot', 'MANAGER');
    const api = await startTestApi({
      provider: 'sqlite',
      env: { AUTH_DISABLED: 'false', CORE_HUB_URL: sim.url },
      logger,
      extraTokenEntries: [apiToken.entry],
    });
    try {
      const userToken = DEFAULT_USERS.find((user) => user.role === 'MANAGER')?.token ?? '';
      await request(api.url).get('/api/jobs').set('authorization', `Bearer ${userToken}`).expect(200);
      await request(api.url).get('/api/jobs').set('cookie', `gs-auth=${userToken}-cookie`).expect(401);
      await request(api.url).get('/api/jobs').set('authorization', `Bearer ${apiToken.token}`).expect(200);
      await request(api.url)
        .get('/api/jobs')
        .set('authorization', 'Bearer secret-rejected-token')
        .expect(401);
      sim.addFault({ route: 'GET /auth/me', status: 500 });
      await request(api.url)
        .get('/api/jobs')
        .set('authorization', 'Bearer secret-while-hub-fails')
        .expect(401);
    } finally {
      await api.close();
      await sim.stop();
    }
    const output = lines.join('');
    expect(output.length).toBeGreaterThan(0);
    for (const secret of [
      'sim-manager-token',
      apiToken.token,
      'secret-rejected-token',
      'secret-while-hub-fails',
    ]) {
      expect(output).not.toContain(secret);
    }
  });
});
