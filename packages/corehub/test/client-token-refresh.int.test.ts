import { describe, expect, it } from 'vitest';
import { CoreHubAuthError, CoreHubHttpError } from '../src/index.js';
import { getList, startClient, startSimulator } from './helpers/client.js';

const START = '/pipelines/8aeb9fb6/commands/sync/start';

describe('401 handling (one fresh token, one retry)', () => {
  it('reconnects once for a fresh token when the current one expired, and retries the call', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });
    await client.connect();
    sim.expireTokens();

    const response = await client.send({ method: 'POST', path: START, query: { entity: '98fd97b8' } });

    expect(response.status).toBe(202);
    const calls = sim.journal({ method: 'POST', path: START });
    expect(calls.map((call) => call.status)).toEqual([401, 202]);
    expect(calls[0]?.headers.authorization).not.toBe(calls[1]?.headers.authorization);
    expect(sim.journal({ path: '/ext-module' })).toHaveLength(2);
  });

  it('gives up with a clear auth error when the fresh token is rejected too', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });
    sim.addFault({ route: `POST ${START}`, status: 401, times: 2 });

    const error = await client.send({ method: 'POST', path: START }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CoreHubAuthError);
    expect((error as Error).message).toBe(
      `CoreHub rejected the refreshed token; check Chronos credentials / CoreHub session TTL. Details: POST ${START} answered 401 again with a fresh module token: simulated fault (401)`,
    );
    expect(error).toMatchObject({ status: 401, request: { method: 'POST', path: START } });
    expect(sim.journal({ method: 'POST', path: START })).toHaveLength(2);
    expect(sim.journal({ path: '/ext-module' })).toHaveLength(2);
  });

  it('shares one reconnect among concurrent calls that all met the expired token', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });
    await client.connect();
    sim.expireTokens();

    const results = await Promise.all([
      getList(client, '/pipelines'),
      getList(client, '/pipelines/8aeb9fb6/config/groups'),
      getList(client, '/pipelines/8aeb9fb6/entities-status'),
    ]);

    expect(results.map((result) => result.length)).toEqual([3, 2, 3]);
    expect(sim.journal({ path: '/ext-module' })).toHaveLength(2);
  });

  it('does not retry a 500, and marks it retryable for the worker', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });
    sim.addFault({ route: `POST ${START}`, status: 500, body: { message: 'agent unreachable' }, times: 1 });

    const error = await client.send({ method: 'POST', path: START }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CoreHubHttpError);
    expect(error).toMatchObject({ status: 500, retryable: true, hubMessage: 'agent unreachable' });
    expect(sim.journal({ method: 'POST', path: START })).toHaveLength(1);
  });
});

describe('token lifetime', () => {
  it('recovers from a token that expired by its TTL before the client refreshed it', async () => {
    // 300 ms is shorter than the client's earliest proactive refresh (1 s), so the token really expires.
    const sim = await startSimulator({ behaviour: { tokenTtlMs: 300 } });
    const client = startClient({ url: sim.url });
    await client.connect();
    const expiresAt = client.state().tokenExpiresAt?.getTime() ?? 0;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 20));

    await expect(getList(client, '/pipelines/8aeb9fb6/entities-status')).resolves.toHaveLength(3);
    expect(sim.journal({ path: '/pipelines/8aeb9fb6/entities-status' }).map((entry) => entry.status)).toEqual(
      [401, 200],
    );
  });

  it('bounds the refresh by the call timeout when the hub disappears after the 401', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });
    await client.connect();
    sim.addFault({ route: 'GET /pipelines', status: 401, times: 1 });
    sim.addFault({ route: 'GET /ext-module', status: 503 });

    const error = await getList(client, '/pipelines', { timeoutMs: 300 }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'COREHUB_NOT_CONNECTED', retryable: true });
    expect(sim.journal({ path: '/ext-module' }).length).toBeGreaterThanOrEqual(2);
  });
});
