import { generateApiToken, ROLES, type Role } from '@chronos/auth';
import { createSimulator, DEFAULT_USERS, type Simulator } from '@chronos/corehub-sim';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { findClosedPort, startTestApi, type TestApi } from './helpers/api-harness.js';

const JOB = {
  name: 'Start orders',
  task_type: 'entity_start',
  cron_expression: '0 8 * * *',
  pipeline_id: '8aeb9fb6',
  entity_ids: ['98fd97b8'],
};

const tokenOf = (role: Role) => DEFAULT_USERS.find((user) => user.role === role)?.token ?? '';
const bearer = (role: Role) => ({ authorization: `Bearer ${tokenOf(role)}` });

type Permission = 'read' | 'control' | 'manage' | 'configure';
const ALLOWED: Record<Permission, Role[]> = {
  read: [...ROLES],
  control: ['SUPER_ADMIN', 'MANAGER', 'MONITOR', 'EXTERNAL_MODULE'],
  manage: ['SUPER_ADMIN', 'MANAGER', 'EXTERNAL_MODULE'],
  configure: ['SUPER_ADMIN', 'MANAGER'],
};
const PHRASE: Record<Permission, string> = {
  read: 'read schedules',
  control: 'control schedules',
  manage: 'manage schedules',
  configure: 'modify configuration',
};

type Route = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  permission: Permission;
  body?: object;
};

/** Every guarded route, with a body that is valid so an allowed caller gets past validation. */
function routes(jobId: number, disposableJobId: number, role: string): Route[] {
  return [
    { method: 'get', path: '/api/jobs', permission: 'read' },
    { method: 'get', path: '/api/jobs/', permission: 'read' },
    { method: 'post', path: '/api/jobs', permission: 'manage', body: { ...JOB, name: `by ${role}` } },
    { method: 'get', path: `/api/jobs/${jobId}`, permission: 'read' },
    { method: 'put', path: `/api/jobs/${jobId}`, permission: 'manage', body: { description: role } },
    { method: 'patch', path: `/api/jobs/${jobId}/status`, permission: 'control', body: { enabled: true } },
    { method: 'post', path: `/api/jobs/${jobId}/run`, permission: 'control' },
    { method: 'get', path: `/api/jobs/${jobId}/executions`, permission: 'read' },
    { method: 'delete', path: `/api/jobs/${disposableJobId}`, permission: 'manage' },
    { method: 'get', path: '/api/executions', permission: 'read' },
    { method: 'get', path: '/api/executions/999999', permission: 'read' },
    {
      method: 'post',
      path: '/api/schedules/preview',
      permission: 'read',
      body: { cron_expression: '0 8 * * *' },
    },
    { method: 'get', path: '/api/settings', permission: 'read' },
    { method: 'get', path: '/api/settings/timezone', permission: 'read' },
    { method: 'put', path: '/api/settings/timezone', permission: 'configure', body: { value: 'UTC' } },
    { method: 'put', path: '/api/settings', permission: 'configure', body: { timezone: 'UTC' } },
    {
      method: 'post',
      path: '/api/settings',
      permission: 'configure',
      body: { key: `note-${role}`, value: 'x' },
    },
    { method: 'get', path: '/metrics', permission: 'read' },
    { method: 'get', path: '/admin/queues', permission: 'read' },
    { method: 'get', path: '/docs/', permission: 'read' },
  ];
}

function send(api: TestApi, route: Route, headers: Record<string, string>) {
  const call = request(api.url)[route.method](route.path).set(headers);
  return route.body ? call.send(route.body) : call;
}

describe('authentication and roles', () => {
  let sim: Simulator;
  let api: TestApi;
  const monitorBot = generateApiToken('monitor-bot', 'MONITOR');

  beforeAll(async () => {
    sim = await createSimulator();
    api = await startTestApi({
      provider: 'sqlite',
      env: {
        AUTH_DISABLED: 'false',
        CORE_HUB_URL: sim.url,
        AUTH_CACHE_TTL_SECONDS: '30',
        AUTH_FAILURE_LIMIT: '1000',
      },
      extraTokenEntries: [monitorBot.entry],
    });
  });
  afterAll(async () => {
    await api?.close();
    await sim?.stop();
  });

  async function createJob(): Promise<number> {
    const response = await request(api.url)
      .post('/api/jobs')
      .set(bearer('SUPER_ADMIN'))
      .send(JOB)
      .expect(201);
    return response.body.id as number;
  }

  it('enforces the role matrix of DESIGN.md on every route, naming role and permission on a 403', async () => {
    const jobId = await createJob();
    for (const role of ROLES) {
      const disposable = await createJob();
      for (const route of routes(jobId, disposable, role)) {
        const response = await send(api, route, bearer(role));
        const label = `${role} ${route.method.toUpperCase()} ${route.path} → ${response.status}`;
        if (ALLOWED[route.permission].includes(role)) {
          expect([401, 403], label).not.toContain(response.status);
          expect(response.status, label).toBeLessThan(500);
        } else {
          expect(response.status, label).toBe(403);
          expect(response.body.detail, label).toBe(
            `Role ${role} is not permitted to ${PHRASE[route.permission]}`,
          );
        }
      }
    }
  });

  it('answers 401 on every guarded route without credentials or with a token CoreHub rejects', async () => {
    const jobId = await createJob();
    for (const route of routes(jobId, jobId, 'anonymous')) {
      const attempts: Record<string, string>[] = [
        {},
        { authorization: 'Bearer not-a-real-token' },
        { cookie: 'gs-auth=forged' },
      ];
      for (const headers of attempts) {
        const response = await send(api, route, headers);
        expect(response.status, `${route.method} ${route.path} ${JSON.stringify(headers)}`).toBe(401);
        expect(response.body.detail).toBe(
          route.path === '/metrics' && !headers.authorization
            ? 'Metrics need an Authorization header with a bearer token; a browser session is not accepted'
            : 'Not authenticated',
        );
        expect(response.headers['www-authenticate']).toBe('Bearer');
      }
    }
    expect((await request(api.url).get(`/api/jobs/${jobId}`).set(bearer('VIEWER')).expect(200)).body.id).toBe(
      jobId,
    );
  });

  it('keeps /health, /ready and /openapi.json open', async () => {
    await request(api.url).get('/health').expect(200);
    await request(api.url).get('/ready').expect(200);
    await request(api.url).get('/openapi.json').expect(200);
  });

  it('forwards the Authorization header verbatim and the gs-auth cookie to CoreHub /auth/me', async () => {
    sim.reset();
    // Credentials not used earlier in this file, so the introspection cache cannot answer for CoreHub.
    await request(api.url)
      .get('/api/jobs')
      .set('authorization', `bearer ${tokenOf('MONITOR')}`)
      .expect(200);
    await request(api.url)
      .get('/api/jobs')
      .set('cookie', `theme=dark; gs-auth=${tokenOf('VIEWER')}`)
      .expect(200);
    const calls = sim.journal({ method: 'GET', path: '/auth/me' });
    expect(calls.map((call) => call.headers.authorization)).toContain(`bearer ${tokenOf('MONITOR')}`);
    expect(calls.map((call) => call.headers.cookie)).toContain(`gs-auth=${tokenOf('VIEWER')}`);
  });

  it('caches a success within the TTL and never caches a rejection', async () => {
    sim.reset();
    // The cache keys the header verbatim: the extra space makes this a credential not seen before.
    const headers = { authorization: `Bearer  ${tokenOf('MANAGER')}` };
    for (let i = 0; i < 3; i += 1) await request(api.url).get('/api/jobs').set(headers).expect(200);
    expect(sim.journal({ method: 'GET', path: '/auth/me' })).toHaveLength(1);
    for (let i = 0; i < 3; i += 1) {
      await request(api.url).get('/api/jobs').set('authorization', 'Bearer expired').expect(401);
    }
    expect(sim.journal({ method: 'GET', path: '/auth/me' })).toHaveLength(4);
  });

  it('admits static API tokens with their role and never sends them to CoreHub', async () => {
    sim.reset();
    const headers = { authorization: `Bearer ${monitorBot.token}` };
    const jobId = await createJob();
    await request(api.url).post(`/api/jobs/${jobId}/run`).set(headers).expect(202);
    const denied = await request(api.url).delete(`/api/jobs/${jobId}`).set(headers).expect(403);
    expect(denied.body.detail).toBe('Role MONITOR is not permitted to manage schedules');
    await request(api.url).get('/api/jobs').set('authorization', `Bearer ${monitorBot.token}x`).expect(401);
    const forwarded = sim
      .journal({ method: 'GET', path: '/auth/me' })
      .map((call) => call.headers.authorization);
    expect(forwarded.some((value) => String(value).includes(monitorBot.token))).toBe(false);
  });

  it('says "Authentication verification failed" (401, not 500) when CoreHub errors, and caches nothing', async () => {
    sim.addFault({ route: 'GET /auth/me', status: 500 });
    const response = await request(api.url)
      .get('/api/jobs')
      .set('authorization', 'Bearer fresh-1')
      .expect(401);
    expect(response.body.detail).toBe('Authentication verification failed');
    sim.reset();
  });

  it('authenticates the events WebSocket like the REST routes', async () => {
    const wsUrl = `${api.url.replace('http', 'ws')}/api/events`;
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(wsUrl);
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('error', () => {});
    });
    expect(refused).toBe(401);
    const first = await new Promise<string>((resolve, reject) => {
      const socket = new WebSocket(wsUrl, { headers: bearer('VIEWER') });
      socket.on('message', (data) => {
        resolve(String(data));
        socket.close();
      });
      socket.on('error', reject);
    });
    expect(JSON.parse(first)).toMatchObject({ type: 'connected' });
  });
});

describe('when CoreHub is unreachable', () => {
  let api: TestApi;
  beforeAll(async () => {
    const port = await findClosedPort();
    api = await startTestApi({
      provider: 'sqlite',
      env: { AUTH_DISABLED: 'false', CORE_HUB_URL: `http://127.0.0.1:${port}`, AUTH_TIMEOUT_MS: '1000' },
    });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers 401 "Authentication verification failed", not a 500, and still serves /health', async () => {
    const response = await request(api.url)
      .get('/api/jobs')
      .set('authorization', 'Bearer anything')
      .expect(401);
    expect(response.body).toMatchObject({ status: 401, detail: 'Authentication verification failed' });
    await request(api.url).get('/health').expect(200);
  });
});

describe('repeated authentication failures', () => {
  let sim: Simulator;
  let api: TestApi;
  beforeAll(async () => {
    sim = await createSimulator();
    api = await startTestApi({
      provider: 'sqlite',
      env: {
        AUTH_DISABLED: 'false',
        CORE_HUB_URL: sim.url,
        AUTH_FAILURE_LIMIT: '3',
        AUTH_FAILURE_WINDOW_SECONDS: '60',
      },
    });
  });
  afterAll(async () => {
    await api?.close();
    await sim?.stop();
  });

  it('are answered 429 with Retry-After once a client passes the limit, without asking CoreHub', async () => {
    for (let i = 0; i < 3; i += 1) {
      await request(api.url).get('/api/jobs').set('authorization', `Bearer wrong-${i}`).expect(401);
    }
    const callsBefore = sim.journal({ path: '/auth/me' }).length;
    const limited = await request(api.url).get('/api/jobs').set(bearer('SUPER_ADMIN')).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.detail).toMatch(/Too many failed authentication attempts/);
    expect(sim.journal({ path: '/auth/me' })).toHaveLength(callsBefore);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY trusts the peer: a locked-out client cannot claim another address', async () => {
    await request(api.url)
      .get('/api/jobs')
      .set('x-forwarded-for', '198.51.100.7')
      .set('authorization', 'Bearer wrong-again')
      .expect(429);
  });
});

describe('the failure limiter behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let sim: Simulator;
  let api: TestApi;
  const admin = generateApiToken('admin-bot', 'SUPER_ADMIN');
  beforeAll(async () => {
    sim = await createSimulator();
    api = await startTestApi({
      provider: 'sqlite',
      env: {
        AUTH_DISABLED: 'false',
        CORE_HUB_URL: sim.url,
        AUTH_FAILURE_LIMIT: '3',
        AUTH_FAILURE_WINDOW_SECONDS: '60',
        TRUST_PROXY: 'loopback',
      },
      extraTokenEntries: [admin.entry],
    });
  });
  afterAll(async () => {
    await api?.close();
    await sim?.stop();
  });

  /** A request as the proxy on loopback forwards it for `client`. */
  const from = (client: string, path = '/api/jobs') =>
    request(api.url).get(path).set('x-forwarded-for', client);

  it('does not count requests without credentials: a scraper without a token locks nobody out', async () => {
    for (let i = 0; i < 10; i += 1) {
      await from('203.0.113.1', i % 2 === 0 ? '/metrics' : '/api/jobs').expect(401);
    }
    await from('203.0.113.1').set('authorization', 'Bearer wrong').expect(401);
    await from('203.0.113.1').set(bearer('SUPER_ADMIN')).expect(200);
  });

  it('never refuses a valid API token or a verified CoreHub credential to a client past the limit', async () => {
    await from('203.0.113.2').set(bearer('MANAGER')).expect(200);
    for (let i = 0; i < 3; i += 1) {
      await from('203.0.113.2').set('authorization', `Bearer wrong-${i}`).expect(401);
    }
    await from('203.0.113.2').set('authorization', 'Bearer wrong-again').expect(429);
    await from('203.0.113.2').set('authorization', `Bearer ${admin.token}`).expect(200);
    const callsBefore = sim.journal({ path: '/auth/me' }).length;
    // Verified a moment ago (cached): decided without CoreHub, so let in.
    await from('203.0.113.2').set(bearer('MANAGER')).expect(200);
    // Not verified yet: it would reach CoreHub, which the limit protects.
    await from('203.0.113.2').set(bearer('MONITOR')).expect(429);
    expect(sim.journal({ path: '/auth/me' })).toHaveLength(callsBefore);
  });

  it('keys failures by the client the proxy names, so one bad client locks out only itself', async () => {
    for (let i = 0; i < 4; i += 1) await from('203.0.113.3').set('authorization', `Bearer bad-${i}`);
    await from('203.0.113.3').set('authorization', 'Bearer bad').expect(429);
    await from('203.0.113.4').set('authorization', 'Bearer bad').expect(401);
    await from('203.0.113.4').set(bearer('VIEWER')).expect(200);
  });
});
