/**
 * Carries out a fault on an HTTP request (Express) or on a WebSocket upgrade (raw socket). Delays happen
 * first; then hang / reset / malformed / status, or — for a delay-only fault — the real handler runs.
 */
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import type { Fault, FaultRegistry } from './fault-registry.js';

const MALFORMED_JSON = '{"entities": [{"entityId": "truncated"';

function answersInstead(fault: Fault): boolean {
  return (
    fault.hang === true || fault.reset === true || fault.malformed === true || fault.status !== undefined
  );
}

function runAfterDelay(fault: Fault, action: () => void): void {
  if (fault.delayMs) setTimeout(action, fault.delayMs).unref();
  else action();
}

/** Express middleware applying the registry's faults to every request it sees. */
export function createFaultMiddleware(registry: FaultRegistry) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const fault = registry.take(req.method, req.path);
    if (!fault) {
      next();
      return;
    }
    runAfterDelay(fault, () => {
      if (!answersInstead(fault)) {
        next();
        return;
      }
      if (fault.reset) {
        req.socket.destroy();
        return;
      }
      // A hung request is released when the simulator stops (server.closeAllConnections).
      if (fault.hang) return;
      for (const [name, value] of Object.entries(fault.headers ?? {})) res.setHeader(name, value);
      if (fault.retryAfterSeconds !== undefined)
        res.setHeader('retry-after', String(fault.retryAfterSeconds));
      res.status(fault.status ?? 200);
      if (fault.malformed) {
        res.type('application/json').send(MALFORMED_JSON);
      } else if (typeof fault.body === 'string') {
        res.type('text/plain').send(fault.body);
      } else if (fault.body !== undefined) {
        res.json(fault.body);
      } else {
        res.json({ notificationId: -1, message: `simulated fault (${fault.status ?? 200})` });
      }
    });
  };
}

/**
 * Applies a fault to a WebSocket upgrade. Calls `proceed()` when the handshake should go on (no fault, or a
 * delay-only one); otherwise answers or breaks the raw socket itself.
 */
export function applyUpgradeFault(fault: Fault | undefined, socket: Duplex, proceed: () => void): void {
  if (!fault) {
    proceed();
    return;
  }
  runAfterDelay(fault, () => {
    if (!answersInstead(fault)) {
      proceed();
      return;
    }
    if (fault.reset) {
      socket.destroy();
      return;
    }
    if (fault.hang) return;
    const status = fault.status ?? 200;
    const body =
      typeof fault.body === 'string'
        ? fault.body
        : JSON.stringify(fault.body ?? { notificationId: -1, message: `simulated fault (${status})` });
    writeRawResponse(socket, status, body, fault.retryAfterSeconds);
  });
}

/** Writes a complete HTTP/1.1 response on a raw upgrade socket and closes it. */
export function writeRawResponse(
  socket: Duplex,
  status: number,
  body: string,
  retryAfterSeconds?: number,
): void {
  const lines = [
    `HTTP/1.1 ${status} ${status >= 400 ? 'Error' : 'OK'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  if (retryAfterSeconds !== undefined) lines.push(`Retry-After: ${retryAfterSeconds}`);
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}
