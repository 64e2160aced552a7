import { createSessionManager, generateApiToken } from '@chronos/auth';
import { createSimulator, DEFAULT_USERS, type Simulator } from '@chronos/corehub-sim';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiAuth, introspectWithCoreHub, startHttpServer } from '../src/index.js';
import { startTestApi, type TestApi } from './helpers/api-harness.js';

const JOB = {
  name: 'Start orders',
  task_type: 'entity_start',
  cron_expression: '0 8 * * *',
  pipeline_id: '8aeb9fb6',
  entity_ids: ['98fd97b8'],
};
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
const viewerCoreHubToken = DEFAULT_USERS.find((user) => user.role === 'VIEWER')?.token ?? '';

/** Signs in with `token` and returns the session cookie (name=value) and its CSRF token. */
async function signIn(api: TestApi, token: string) {
  const response = await request(api.url).post('/api/session').set(SAME_ORIGIN).send({ token }).expect(201);
  const setCookie = String(response.headers['set-cookie']?.[0] ?? '');
  return { cookie: setCookie.split(';')[0] ?? '', csrf: response.body.csrf_token as string, setCookie };
}

describe.each(['sqlite', 'postgresql'] as const)('browser sessions on %s', (provider) => {
  let sim: Simulator;
  let api: TestApi;
  const admin = generateApiToken('admin', 'SUPER_ADMIN');
  const viewer = generateApiToken('viewer', 'VIEWER');

  beforeAll(async () => {
    sim = await createSimulator();
    api = await startTestApi({
      provider,
      env: { AUTH_DISABLED: 'false', CORE_HUB_URL: sim.url, SESSION_TTL_HOURS: '2', TRUST_PROXY: 'loopback' },
      extraTokenEntries: [admin.entry, viewer.entry],
    });
  });
  afterAll(async () => {
    await api?.close();
    await sim?.stop();
  });

  it('signs in with a token: an HttpOnly, SameSite=Strict cookie of bounded life, and who is signed in', async () => {
    const session = await signIn(api, admin.token);
    expect(session.setCookie).toMatch(/^chronos_session=[\w-]{40,};/);
    expect(session.setCookie).toContain('HttpOnly');
    expect(session.setCookie).toContain('SameSite=Strict');
    expect(session.setCookie).toContain('Path=/');
    expect(session.setCookie).toContain('Max-Age=7200');
    expect(session.setCookie).not.toContain('Secure');
    const me = await request(api.url).get('/api/session').set('cookie', session.cookie).expect(200);
    expect(me.body).toMatchObject({
      username: 'admin',
      role: 'SUPER_ADMIN',
      source: 'api-token',
      permissions: ['read', 'control', 'manage', 'configure'],
      csrf_token: session.csrf,
    });
    expect(Date.parse(me.body.expires_at) - Date.now()).toBeGreaterThan(7000 * 1000);
  });

  it('marks the cookie Secure over HTTPS, believing X-Forwarded-Proto only from a trusted proxy', async () => {
    const behindProxy = await request(api.url)
      .post('/api/session')
      .set({ ...SAME_ORIGIN, 'x-forwarded-proto': 'https' })
      .send({ token: admin.token })
      .expect(201);
    expect(String(behindProxy.headers['set-cookie']?.[0])).toContain('Secure');

    const untrusting = await startTestApi({
      provider,
      env: { AUTH_DISABLED: 'false', CORE_HUB_URL: sim.url },
      extraTokenEntries: [admin.entry],
    });
    try {
      const direct = await request(untrusting.url)
        .post('/api/session')
        .set({ ...SAME_ORIGIN, 'x-forwarded-proto': 'https' })
        .send({ token: admin.token })
        .expect(201);
      expect(String(direct.headers['set-cookie']?.[0])).not.toContain('Secure');
    } finally {
      await untrusting.close();
    }
  });

  it('refuses a bad token (401) and a sign-in posted from another site (403)', async () => {
    const bad = await request(api.url).post('/api/session').set(SAME_ORIGIN).send({ token: 'chr_nope' });
    expect(bad.status).toBe(401);
    expect(bad.headers['set-cookie']).toBeUndefined();
    const forged = await request(api.url)
      .post('/api/session')
      .set({ 'sec-fetch-site': 'cross-site' })
      .send({ token: admin.token });
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('CSRF_REJECTED');
  });

  it('signs in with a valid CoreHub gs-auth cookie and no token, keeping that user’s role', async () => {
    const response = await request(api.url)
      .post('/api/session')
      .set({ ...SAME_ORIGIN, cookie: `gs-auth=${viewerCoreHubToken}` })
      .send({})
      .expect(201);
    expect(response.body).toMatchObject({ role: 'VIEWER', source: 'corehub', permissions: ['read'] });
    await request(api.url)
      .post('/api/session')
      .set({ ...SAME_ORIGIN, cookie: 'gs-auth=forged' })
      .send({})
      .expect(401);
  });

  it('accepts the cookie in place of the header, and refuses cookie writes without the CSRF token', async () => {
    const { cookie, csrf } = await signIn(api, admin.token);
    await request(api.url).get('/api/jobs').set('cookie', cookie).expect(200);

    const withoutToken = await request(api.url)
      .post('/api/jobs')
      .set({ cookie, ...SAME_ORIGIN })
      .send(JOB);
    expect(withoutToken.status).toBe(403);
    expect(withoutToken.body.code).toBe('CSRF_REJECTED');
    const wrongToken = await request(api.url)
      .post('/api/jobs')
      .set({ cookie, ...SAME_ORIGIN, 'x-csrf-token': `${csrf.slice(1)}x` })
      .send(JOB);
    expect(wrongToken.status).toBe(403);
    const crossSite = await request(api.url)
      .post('/api/jobs')
      .set({ cookie, 'x-csrf-token': csrf, 'sec-fetch-site': 'cross-site' })
      .send(JOB);
    expect(crossSite.status).toBe(403);
    const foreignOrigin = await request(api.url)
      .post('/api/jobs')
      .set({ cookie, 'x-csrf-token': csrf, origin: 'http://evil.example' })
      .send(JOB);
    expect(foreignOrigin.status).toBe(403);
    const created = await request(api.url)
      .post('/api/jobs')
      .set({ cookie, ...SAME_ORIGIN, 'x-csrf-token': csrf })
      .send(JOB);
    expect(created.status).toBe(201);
    expect((await api.db.jobs.list({})).total).toBeGreaterThan(0);
  });

  it('keeps the role matrix for a session: a VIEWER reads and gets 403 on writes', async () => {
    const { cookie, csrf } = await signIn(api, viewer.token);
    await request(api.url).get('/api/jobs').set('cookie', cookie).expect(200);
    const write = await request(api.url)
      .post('/api/jobs')
      .set({ cookie, ...SAME_ORIGIN, 'x-csrf-token': csrf })
      .send(JOB);
    expect(write.status).toBe(403);
    expect(write.body.detail).toBe('Role VIEWER is not permitted to manage schedules');
  });

  it('opens /docs and Bull Board with the cookie; sends a browser without one to the sign-in', async () => {
    const { cookie } = await signIn(api, viewer.token);
    await request(api.url).get('/docs/').set('cookie', cookie).expect(200);
    await request(api.url).get('/admin/queues').set('cookie', cookie).expect(200);
    const queues = await request(api.url).get('/admin/queues/api/queues').set('cookie', cookie).expect(200);
    expect(queues.body.queues[0]).toMatchObject({ readOnlyMode: true, displayName: 'Chronos runs' });

    const browser = await request(api.url).get('/admin/queues').set('accept', 'text/html').expect(401);
    expect(browser.type).toBe('text/html');
    expect(browser.text).toContain('#/sign-in?next=%2Fadmin%2Fqueues');
    const script = await request(api.url).get('/docs/').expect(401);
    expect(script.type).toBe('application/problem+json');
  });

  it('keeps /metrics for bearer tokens: a session cookie is refused', async () => {
    const { cookie } = await signIn(api, admin.token);
    await request(api.url).get('/metrics').set('cookie', cookie).expect(401);
    await request(api.url).get('/metrics').set('authorization', `Bearer ${admin.token}`).expect(200);
  });

  it('opens the events socket with the cookie from our pages, not from another site', async () => {
    const { cookie } = await signIn(api, viewer.token);
    const wsUrl = `${api.url.replace('http', 'ws')}/api/events`;
    const first = await new Promise<string>((resolve, reject) => {
      const socket = new WebSocket(wsUrl, { headers: { cookie, origin: api.url } });
      socket.on('message', (data) => {
        resolve(String(data));
        socket.close();
      });
      socket.on('error', reject);
    });
    expect(JSON.parse(first)).toMatchObject({ type: 'connected' });
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(wsUrl, { headers: { cookie, origin: 'http://evil.example' } });
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('error', () => {});
    });
    expect(refused).toBe(403);
  });

  it('works across replicas, and sign-out ends the session on all of them', async () => {
    const { cookie, csrf } = await signIn(api, admin.token);
    // A second api process over the same database: its own authenticator, sessions and HTTP server.
    const auth = createApiAuth({
      config: api.config,
      introspect: introspectWithCoreHub({ getMe: () => Promise.reject(new Error('unused')) }, 1000),
      sessionStore: api.db.sessions,
      extraTokenEntries: [admin.entry],
    });
    const replica = await startHttpServer({ ...api.deps, auth }, { host: '127.0.0.1', port: 0 });
    try {
      await request(replica.url).get('/api/jobs').set('cookie', cookie).expect(200);
      await request(api.url)
        .delete('/api/session')
        .set({ cookie, ...SAME_ORIGIN })
        .expect(403);
      const out = await request(api.url)
        .delete('/api/session')
        .set({ cookie, ...SAME_ORIGIN, 'x-csrf-token': csrf })
        .expect(204);
      expect(String(out.headers['set-cookie']?.[0])).toMatch(/^chronos_session=;.*Expires=Thu, 01 Jan 1970/);
      await request(replica.url).get('/api/jobs').set('cookie', cookie).expect(401);
      await request(api.url).get('/api/session').set('cookie', cookie).expect(401);
    } finally {
      await replica.close(1000);
    }
  });

  it('stops accepting a session once its lifetime has passed', async () => {
    const sessions = createSessionManager({ store: api.db.sessions, ttlMs: 60_000 });
    const started = await sessions.start({ username: 'x', role: 'VIEWER', source: 'api-token' });
    expect((await sessions.resolve(started.token))?.role).toBe('VIEWER');
    const later = createSessionManager({
      store: api.db.sessions,
      ttlMs: 60_000,
      now: () => new Date(Date.now() + 61_000),
    });
    expect(await later.resolve(started.token)).toBeUndefined();
  });
});
