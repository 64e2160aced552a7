import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConflictError } from '@chronos/errors';
import { createApp } from './app.js';
import type { ApiDeps } from './deps.js';
import { attachEventsSocket } from './features/events/events-socket.js';

export type HttpServerHandle = {
  server: Server;
  /** `http://host:port` a client on this machine can use (0.0.0.0 / :: become loopback). */
  url: string;
  /** The address the socket is bound to, as the OS reports it (`0.0.0.0`, `127.0.0.1`, `::`) and the port. */
  listening: { host: string; port: number };
  /** Stops intake, lets running requests finish for up to `graceMs`, then cuts what is left. */
  close(graceMs?: number): Promise<void>;
};

function toClientUrl(address: AddressInfo): string {
  if (address.address === '0.0.0.0') return `http://127.0.0.1:${address.port}`;
  if (address.address === '::') return `http://[::1]:${address.port}`;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** A taken port said the way the operator fixes it: the variables, not the syscall. */
function describeListenError(error: unknown, options: { host: string; port: number }): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new ConflictError(
      `port ${options.port} on ${options.host} is already in use (PORT=${options.port}, HOST=${options.host}): stop the process listening there or set PORT to a free port`,
      { code: 'PORT_IN_USE', cause: error },
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'EACCES') {
    return new ConflictError(
      `cannot listen on ${options.host}:${options.port} (${code}; HOST=${options.host}, PORT=${options.port}): use an address of this machine and a port this user may open`,
      { code: 'LISTEN_FAILED', cause: error },
    );
  }
  return error;
}

/** Serves `createApp(deps)` plus the `/api/events` WebSocket on one HTTP server (port 0 = any free port). */
export async function startHttpServer(
  deps: ApiDeps,
  options: { host: string; port: number },
): Promise<HttpServerHandle> {
  const server = createServer(createApp(deps));
  const socket = attachEventsSocket(server, deps);
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(describeListenError(error, options));
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
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

  const address = server.address() as AddressInfo;
  return {
    server,
    url: toClientUrl(address),
    listening: { host: address.address, port: address.port },
    close(graceMs) {
      closing ??= close(graceMs);
      return closing;
    },
  };
}
