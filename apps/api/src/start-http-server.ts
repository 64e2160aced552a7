import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import type { ApiDeps } from './deps.js';
import { attachEventsSocket } from './features/events/events-socket.js';

export type HttpServerHandle = {
  server: Server;
  /** `http://host:port` a client on this machine can use (0.0.0.0 / :: become loopback). */
  url: string;
  /** Stops intake, lets running requests finish for up to `graceMs`, then cuts what is left. */
  close(graceMs?: number): Promise<void>;
};

function toClientUrl(address: AddressInfo): string {
  if (address.address === '0.0.0.0') return `http://127.0.0.1:${address.port}`;
  if (address.address === '::') return `http://[::1]:${address.port}`;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** Serves `createApp(deps)` plus the `/api/events` WebSocket on one HTTP server (port 0 = any free port). */
export async function startHttpServer(
  deps: ApiDeps,
  options: { host: string; port: number },
): Promise<HttpServerHandle> {
  const server = createServer(createApp(deps));
  const socket = attachEventsSocket(server, deps);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;

  const close = async (graceMs = 10_000) => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await socket.close();
    // A run-now with wait=true can hold a request for an hour; past the grace period it is cut.
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    await closed;
    clearTimeout(cut);
  };

  return {
    server,
    url: toClientUrl(server.address() as AddressInfo),
    close(graceMs) {
      closing ??= close(graceMs);
      return closing;
    },
  };
}
