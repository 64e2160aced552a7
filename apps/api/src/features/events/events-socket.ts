import { type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ChronosConfig } from '@chronos/config';
import { NotFoundError } from '@chronos/errors';
import type { Logger } from '@chronos/logger';
import type { ExecutionEvent } from '@chronos/queue';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ApiAuth } from '../../http/auth.js';
import { clientAddressOf, compileProxyTrust } from '../../http/client-address.js';
import { buildProblem } from '../../http/error-handler.js';
import { PROBLEM_CONTENT_TYPE } from '../../http/problem.js';
import { readRequestId } from '../../http/request-logger.js';
import { createValidationError } from '../../http/validate.js';
import type { ExecutionEventHub } from './event-hub.js';

export const EVENTS_PATH = '/api/events';

/** Dead peers (no pong within one interval) are dropped so their listeners do not pile up. */
const HEARTBEAT_MS = 30_000;

/** The wire shape of an event: the API's snake_case, not the queue payload's camelCase. */
export function toWireEvent(event: ExecutionEvent) {
  return {
    type: event.type,
    job_id: event.jobId,
    execution_id: event.executionId,
    status: event.status,
    trigger: event.trigger,
    scheduled_for: event.scheduledFor,
    attempt: event.attempt,
    at: event.at,
    error: event.error ?? null,
  };
}

/** Answers a refused upgrade with a problem+json body and closes the socket. */
function rejectUpgrade(socket: Duplex, req: IncomingMessage, error: unknown, instance: string): void {
  const requestId = readRequestId(req);
  const problem = buildProblem(error, { instance, requestId });
  const body = JSON.stringify(problem);
  socket.end(
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? 'Error'}\r\n` +
      `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `x-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** `?job_id=` as a number, undefined when absent, or null when it is not a positive integer. */
function readJobFilter(url: URL): number | undefined | null {
  const raw = url.searchParams.get('job_id');
  if (raw === null) return undefined;
  return /^\d{1,10}$/.test(raw) && Number(raw) > 0 ? Number(raw) : null;
}

/**
 * Streams execution events over WebSocket at `/api/events` on the API's own HTTP server (noServer upgrade,
 * so no second port). `?job_id=N` narrows the stream to one job. The first message is
 * `{type: "connected", job_id}`; every later one is an execution event. Other upgrade paths are refused.
 */
export function attachEventsSocket(
  server: Server,
  options: {
    events: ExecutionEventHub;
    logger: Logger;
    auth: Pick<ApiAuth, 'authorize'>;
    config: { http: Pick<ChronosConfig['http'], 'trustProxy'> };
  },
): { close(): Promise<void> } {
  const proxyTrust = compileProxyTrust(options.config.http.trustProxy);
  const logger = options.logger.child({ component: 'events-socket' });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const alive = new WeakSet<WebSocket>();

  const onUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== EVENTS_PATH && url.pathname !== `${EVENTS_PATH}/`) {
      const error = new NotFoundError(`no websocket endpoint at ${url.pathname}`, {
        code: 'ROUTE_NOT_FOUND',
        detail: `No WebSocket endpoint at ${url.pathname}`,
      });
      rejectUpgrade(socket, req, error, url.pathname);
      return;
    }
    const jobId = readJobFilter(url);
    if (jobId === null) {
      const issues = [{ path: 'query.job_id', message: 'must be a positive integer' }];
      rejectUpgrade(socket, req, createValidationError(issues), url.pathname);
      return;
    }
    try {
      // Same credentials and role rules as the REST routes: reading events is a read.
      await options.auth.authorize(
        { headers: req.headers, client: clientAddressOf(req, proxyTrust) },
        'read',
      );
    } catch (error) {
      rejectUpgrade(socket, req, error, url.pathname);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      ws.on('error', (error) => logger.debug({ err: error }, 'websocket client error'));
      const unsubscribe = options.events.subscribe((event) => {
        if (jobId !== undefined && event.jobId !== jobId) return;
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(toWireEvent(event)));
      });
      ws.on('close', unsubscribe);
      ws.send(JSON.stringify({ type: 'connected', job_id: jobId ?? null }));
    });
  };

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  server.on('upgrade', onUpgrade);
  return {
    async close() {
      clearInterval(heartbeat);
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
