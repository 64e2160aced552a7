import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@chronos/logger';
import type { Registry } from 'prom-client';
import type { ReadinessReport } from './worker-readiness.js';

export type WorkerHttpServerOptions = {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  registry: Registry;
  checkReadiness(): Promise<ReadinessReport>;
  logger: Logger;
};

export type WorkerHttpServer = {
  /** `http://host:port` as bound. */
  readonly url: string;
  close(): Promise<void>;
};

function sendJson(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** RFC 9457 problem, as the API writes them. */
function sendProblem(res: ServerResponse, status: number, title: string, detail: string, extra = {}) {
  sendJson(res, status, { type: 'about:blank', title, status, detail, ...extra }, 'application/problem+json');
}

async function route(options: WorkerHttpServerOptions, req: IncomingMessage, res: ServerResponse) {
  const path = new URL(req.url ?? '/', 'http://worker').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    sendProblem(res, 405, 'Method Not Allowed', `${req.method} is not served here`);
    return;
  }
  if (path === '/health') {
    sendJson(res, 200, { status: 'ok' });
    return;
  }
  if (path === '/ready') {
    const report = await options.checkReadiness();
    if (report.isReady) {
      sendJson(res, 200, { status: 'ready', checks: report.checks });
      return;
    }
    const down = Object.entries(report.checks)
      .filter(([, value]) => value !== 'up' && value !== 'connected')
      .map(([name]) => name);
    sendProblem(res, 503, 'Service Unavailable', `Not ready: ${down.join(' and ')} unavailable`, {
      code: 'NOT_READY',
      checks: report.checks,
    });
    return;
  }
  if (path === '/metrics') {
    const body = await options.registry.metrics();
    res.writeHead(200, { 'content-type': options.registry.contentType });
    res.end(body);
    return;
  }
  sendProblem(res, 404, 'Not Found', `${path} does not exist; try /health, /ready or /metrics`);
}

/**
 * The worker's operations endpoints on WORKER_HTTP_PORT (bound to HOST): `/health` (the process is up;
 * touches no dependency), `/ready` (database, Redis and the CoreHub module connection; 503 otherwise) and
 * `/metrics` (Prometheus text). No authentication: bind it to a private network, as the compose file does.
 */
export async function startWorkerHttpServer(options: WorkerHttpServerOptions): Promise<WorkerHttpServer> {
  const logger = options.logger.child({ component: 'worker-http' });
  const server = createServer((req, res) => {
    route(options, req, res).catch((error: unknown) => {
      logger.error({ err: error, path: req.url }, 'worker http request failed');
      if (!res.headersSent) sendProblem(res, 500, 'Internal Server Error', 'The request failed');
      else res.destroy();
    });
  });
  // Probes and scrapes are short: never let an idle keep-alive socket hold up a shutdown.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url }, 'worker http listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
