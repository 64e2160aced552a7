import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { encodeModuleFrame } from '../src/contract/index.js';
import { startClient, waitFor } from './helpers/client.js';

let server: WebSocketServer | undefined;

afterEach(async () => {
  for (const socket of server?.clients ?? []) socket.terminate();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('keep-alive', () => {
  it('drops and replaces a connection whose hub stops answering pings (half-open socket)', async () => {
    // A hub that hands out tokens but never answers pings: the simulator always answers, so this one is bespoke.
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ext-module' });
    let connections = 0;
    server.on('connection', (socket) => {
      connections += 1;
      const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
      socket.send(encodeModuleFrame({ type: 'token', token: `token-${connections}`, expiresAt }));
    });
    await new Promise((resolve) => server?.once('listening', resolve));
    const { port } = server.address() as AddressInfo;

    const client = startClient({
      url: `http://127.0.0.1:${port}`,
      keepAlive: { intervalMs: 30, timeoutMs: 60 },
    });
    await client.connect();
    await waitFor(() => connections >= 2 && client.state().status === 'connected');

    expect(client.state().lastError?.code).toBe('COREHUB_SOCKET_CLOSED');
  });
});
