import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { call, openModule, PIPELINE, startSim } from './helpers/sim.js';

const TOKEN = 'sim-manager-token';

describe('fault injection', () => {
  it('answers a status for the first N matching requests, then lets the real route answer', async () => {
    const sim = await startSim();
    const added = await call(sim, 'POST', '/__sim/faults', {
      body: {
        route: 'GET /pipelines/*/entities-status',
        status: 503,
        body: { message: 'agent offline' },
        times: 2,
      },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: expect.any(String), hits: 0, times: 2 });

    const statuses = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push(
        (await call(sim, 'GET', `/pipelines/${PIPELINE}/entities-status`, { token: TOKEN })).status,
      );
    expect(statuses).toEqual([503, 503, 200]);
    expect((await call(sim, 'GET', '/__sim/faults')).body).toEqual({ faults: [] });
  });

  it('matches by method and by ** patterns only', async () => {
    const sim = await startSim();
    sim.addFault({ route: 'POST /pipelines/**', status: 500 });

    expect((await call(sim, 'GET', `/pipelines/${PIPELINE}`, { token: TOKEN })).status).toBe(200);
    expect(
      (await call(sim, 'POST', `/pipelines/${PIPELINE}/commands/sync/start`, { token: TOKEN })).status,
    ).toBe(500);
    expect(sim.state.getEntityStatus(PIPELINE, '98fd97b8')?.isSyncActive).toBe(false);
  });

  it('adds Retry-After and custom headers', async () => {
    const sim = await startSim();
    sim.addFault({
      route: '/pipelines',
      status: 429,
      retryAfterSeconds: 7,
      headers: { 'x-sim': 'yes' },
      times: 1,
    });
    const reply = await call(sim, 'GET', '/pipelines', { token: TOKEN });

    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('7');
    expect(reply.headers.get('x-sim')).toBe('yes');
  });

  it('delays a request and then lets the real route answer', async () => {
    const sim = await startSim();
    sim.addFault({ route: 'GET /pipelines', delayMs: 50, times: 1 });
    const reply = await call(sim, 'GET', '/pipelines', { token: TOKEN });

    expect(reply.status).toBe(200);
    expect(Array.isArray(reply.body)).toBe(true);
    expect(sim.listFaults()).toHaveLength(0);
  });

  it('hangs a request until the caller gives up', async () => {
    const sim = await startSim();
    sim.addFault({ route: 'GET /pipelines', hang: true });
    const outcome = await fetch(`${sim.url}/pipelines`, { signal: AbortSignal.timeout(200) }).catch(
      (error: Error) => error.name,
    );

    expect(outcome).toBe('TimeoutError');
    expect(sim.journal({ path: '/pipelines' })[0]?.status).toBeUndefined();
  });

  it('resets the connection without answering', async () => {
    const sim = await startSim();
    sim.addFault({ route: 'GET /pipelines', reset: true, times: 1 });
    await expect(fetch(`${sim.url}/pipelines`)).rejects.toThrow();
  });

  it('answers a malformed JSON body', async () => {
    const sim = await startSim();
    sim.addFault({ route: 'GET /pipelines/*/entities', malformed: true, times: 1 });
    const reply = await call(sim, 'GET', `/pipelines/${PIPELINE}/entities`, { token: TOKEN });

    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/json/);
    expect(() => JSON.parse(reply.text)).toThrow();
  });

  it('refuses the module handshake when a fault targets /ext-module', async () => {
    const sim = await startSim();
    sim.addFault({ route: 'GET /ext-module', status: 403, times: 1 });
    await expect(openModule(sim)).rejects.toThrow('handshake answered 403');
    await expect(openModule(sim)).resolves.toMatchObject({ frames: [{ type: 'token' }] });
  });

  it('drops every module socket on drop-websocket', async () => {
    const sim = await startSim();
    const { ws } = await openModule(sim);
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    const reply = await call(sim, 'POST', '/__sim/faults', { body: { action: 'drop-websocket' } });

    expect(reply.body).toEqual({ action: 'drop-websocket', dropped: 1 });
    await closed;
    expect(ws.readyState).toBe(WebSocket.CLOSED);
    expect(sim.modules()).toHaveLength(0);
  });

  it('rejects an invalid fault spec with 400', async () => {
    const sim = await startSim();
    expect((await call(sim, 'POST', '/__sim/faults', { body: { route: '/x', status: 99 } })).status).toBe(
      400,
    );
    expect((await call(sim, 'POST', '/__sim/faults', { body: { route: '/x', explode: true } })).status).toBe(
      400,
    );
  });

  it('clears faults one by one or all at once', async () => {
    const sim = await startSim();
    const first = sim.addFault({ route: '/a', status: 500 });
    sim.addFault({ route: '/b', status: 500 });
    expect((await call(sim, 'DELETE', `/__sim/faults/${first.id}`)).status).toBe(204);
    expect(sim.listFaults().map((fault) => fault.route)).toEqual(['/b']);
    expect((await call(sim, 'DELETE', '/__sim/faults')).status).toBe(204);
    expect(sim.listFaults()).toHaveLength(0);
  });
});

describe('journal, state, config and reset controls', () => {
  it('journals method, path, query, headers and status of every CoreHub request, not of /__sim', async () => {
    const sim = await startSim();
    await call(sim, 'POST', `/pipelines/${PIPELINE}/commands/sync/start?entity=98fd97b8&withSnapshot=true`, {
      token: TOKEN,
    });
    await call(sim, 'GET', '/__sim/state');
    const { entries } = (await call(sim, 'GET', '/__sim/journal?method=POST')).body as {
      entries: Array<Record<string, unknown>>;
    };

    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      kind: 'http',
      method: 'POST',
      path: `/pipelines/${PIPELINE}/commands/sync/start`,
      query: { entity: '98fd97b8', withSnapshot: 'true' },
      headers: { authorization: `Bearer ${TOKEN}` },
      status: 202,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(sim.journal({ path: /^\/__sim/ })).toHaveLength(0);
    expect((await call(sim, 'DELETE', '/__sim/journal')).status).toBe(204);
    expect(sim.journal()).toHaveLength(0);
  });

  it('keeps the journal bounded', async () => {
    const sim = await startSim({ journalLimit: 3 });
    for (let i = 0; i < 5; i += 1) await call(sim, 'GET', '/pipelines', { token: TOKEN });
    expect(sim.journal().map((entry) => entry.seq)).toEqual([3, 4, 5]);
  });

  it('reports state with entity flags, connected modules and faults', async () => {
    const sim = await startSim();
    await openModule(sim);
    sim.addFault({ route: '/x', status: 500 });
    const state = (await call(sim, 'GET', '/__sim/state')).body as Record<string, unknown>;

    expect(state).toMatchObject({
      behaviour: { stopDelayMs: 0 },
      modules: [{ tag: 'scheduler-module', port: 1717, scheme: 'http' }],
      tokensIssued: 1,
      faults: [{ route: '/x' }],
    });
    expect((state.pipelines as Array<{ entities: unknown[] }>)[0]?.entities[0]).toMatchObject({
      entityId: '98fd97b8',
      isSyncActive: false,
      isMigrationActive: false,
    });
  });

  it('changes behaviour at run time through /__sim/config', async () => {
    const sim = await startSim();
    const reply = await call(sim, 'POST', '/__sim/config', { body: { stopDelayMs: 60_000 } });
    expect(reply.body).toMatchObject({ stopDelayMs: 60_000 });

    await call(sim, 'POST', `/pipelines/${PIPELINE}/commands/sync/start`, { token: TOKEN });
    await call(sim, 'POST', `/pipelines/${PIPELINE}/commands/sync/stop`, { token: TOKEN });
    expect(sim.state.getEntityStatus(PIPELINE, '98fd97b8')).toMatchObject({
      isSyncActive: true,
      isBusy: true,
    });
    expect((await call(sim, 'POST', '/__sim/config', { body: { stopDelayMs: -1 } })).status).toBe(400);
  });

  it('forces an entity into error or warning for settle tests', async () => {
    const sim = await startSim();
    const reply = await call(sim, 'PATCH', `/__sim/pipelines/${PIPELINE}/entities/a3c1e2f0`, {
      body: { isSyncActive: true, errorState: { severity: 'WARNING', message: 'lag' } },
    });

    expect(reply.body).toMatchObject({
      entityId: 'a3c1e2f0',
      isSyncActive: true,
      errorState: { severity: 'WARNING' },
    });
    expect(
      (await call(sim, 'PATCH', `/__sim/pipelines/${PIPELINE}/entities/nope`, { body: {} })).status,
    ).toBe(404);
  });

  it('resets world, journal and faults to the start', async () => {
    const sim = await startSim();
    await call(sim, 'POST', `/pipelines/${PIPELINE}/commands/maintenance/enter`, { token: TOKEN });
    sim.addFault({ route: '/x', status: 500 });
    sim.configure({ stopDelayMs: 999 });

    expect((await call(sim, 'POST', '/__sim/reset')).status).toBe(204);

    expect(sim.state.getPipeline(PIPELINE)?.isInMaintenanceMode).toBe(false);
    expect(sim.journal()).toHaveLength(0);
    expect(sim.listFaults()).toHaveLength(0);
    expect(sim.state.behaviour.stopDelayMs).toBe(0);
  });
});
