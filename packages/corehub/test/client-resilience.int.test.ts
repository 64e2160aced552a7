import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../src/index.js';
import { getList, startClient, startSimulator, waitFor } from './helpers/client.js';

/** A loopback port nothing listens on (taken from the OS, then released). */
async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('connection resilience', () => {
  it('keeps retrying with backoff while the hub is down at start-up, and connects when it comes up', async () => {
    const port = await findFreePort();
    const client = startClient({ url: `http://127.0.0.1:${port}`, reconnect: { initialMs: 20, maxMs: 100 } });
    const states: ConnectionState[] = [];
    client.events.on('state', (state) => states.push(state));

    const connecting = client.connect();
    await waitFor(() => client.state().failedAttempts >= 3);
    expect(client.state()).toMatchObject({
      status: 'connecting',
      lastError: { code: 'COREHUB_UNREACHABLE' },
    });

    const sim = await startSimulator({ port });
    await connecting;

    expect(client.state()).toMatchObject({ status: 'connected', failedAttempts: 0 });
    expect(client.state().lastError?.message).toContain(`127.0.0.1:${port}`);
    expect(states.some((state) => state.status === 'connecting')).toBe(true);
    expect(states.at(-1)?.status).toBe('connected');
    expect(sim.journal({ path: '/ext-module' })).toHaveLength(1);
  });

  it('bounds a call made while the hub is unreachable by its timeout', async () => {
    const port = await findFreePort();
    const client = startClient({ url: `http://127.0.0.1:${port}` });
    const error = await getList(client, '/pipelines', { timeoutMs: 300 }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'COREHUB_NOT_CONNECTED', retryable: true });
    expect((error as Error).message).toContain('cannot reach CoreHub');
  });

  it('reconnects by itself when the hub drops the module socket', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });
    await client.connect();

    expect(sim.dropModuleConnections()).toBe(1);
    await waitFor(
      () => sim.journal({ path: '/ext-module' }).length === 2 && client.state().status === 'connected',
    );

    expect(client.state().lastError?.code).toBe('COREHUB_SOCKET_CLOSED');
    await expect(getList(client, '/pipelines')).resolves.toHaveLength(3);
  });

  it('retries a handshake the hub answers with 503', async () => {
    const sim = await startSimulator();
    sim.addFault({ route: 'GET /ext-module', status: 503, times: 2 });
    const client = startClient({ url: sim.url });
    await client.connect();

    expect(sim.journal({ path: '/ext-module' })).toHaveLength(3);
    expect(client.state().status).toBe('connected');
  });

  it('answers keep-alive pings and refreshes the token over the same socket', async () => {
    const sim = await startSimulator({ behaviour: { tokenTtlMs: 1500 } });
    // A pong deadline this short would drop the socket (and show a second handshake) if pings went unanswered.
    const client = startClient({ url: sim.url, keepAlive: { intervalMs: 50, timeoutMs: 150 } });
    await client.connect();
    const firstExpiry = client.state().tokenExpiresAt?.getTime() ?? 0;

    // The client asks for a new token at 80 % of the token's life (>= 1 s).
    await waitFor(() => (client.state().tokenExpiresAt?.getTime() ?? 0) > firstExpiry);

    expect(sim.journal({ path: '/ext-module' })).toHaveLength(1);
    const [module] = sim.modules();
    expect(module?.tokenRefreshes).toBeGreaterThanOrEqual(1);
    expect(module?.pingsAnswered).toBeGreaterThan(1);
    expect(client.state().status).toBe('connected');
    await expect(getList(client, '/pipelines')).resolves.toHaveLength(3);
  });

  it('reconnects when the health probe is answered 401', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url, healthCheckIntervalMs: 50 });
    await client.connect();
    await waitFor(() => sim.journal({ path: '/authentication/me' }).some((entry) => entry.status === 200));

    sim.expireTokens();
    await waitFor(
      () => sim.journal({ path: '/ext-module' }).length === 2 && client.state().status === 'connected',
    );

    expect(sim.journal({ path: '/authentication/me' }).some((entry) => entry.status === 401)).toBe(true);
  });

  it('leaves the connection alone when the health probe meets a 503', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });
    await client.connect();
    sim.addFault({ route: 'GET /authentication/me', status: 503, times: 1 });

    await expect(client.checkHealth()).resolves.toEqual({ outcome: 'degraded', status: 503 });
    await expect(client.checkHealth()).resolves.toMatchObject({ outcome: 'healthy', status: 200 });
    expect(sim.journal({ path: '/ext-module' })).toHaveLength(1);
  });

  it('rejects pending and later calls once closed', async () => {
    const port = await findFreePort();
    const client = startClient({ url: `http://127.0.0.1:${port}` });
    const connecting = client.connect();
    await client.close();

    await expect(connecting).rejects.toMatchObject({ code: 'COREHUB_CLIENT_CLOSED' });
    await expect(client.connect()).rejects.toMatchObject({ code: 'COREHUB_CLIENT_CLOSED' });
    expect(client.state().status).toBe('disconnected');
  });
});
