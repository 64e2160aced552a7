import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@chronos/logger';
import { pinoHttp } from 'pino-http';

/** An incoming id is kept only when it is short and printable, so it cannot smuggle log or header junk. */
const ACCEPTED_REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** The caller's `x-request-id` when acceptable, else a new one. */
export function readRequestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && ACCEPTED_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Keeps the caller's `x-request-id` (or makes one) and echoes it on the response. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const id = readRequestId(req);
  res.setHeader('x-request-id', id);
  return id;
}

/**
 * pino-http with request ids: every request logs one line at completion with `requestId`, method, url and
 * status (probes excepted); 2xx at `info`, 4xx and 503 at `warn`, other 5xx at `error` with the error and
 * its stack. Bodies are never logged.
 */
export function createRequestLogger(logger: Logger) {
  return pinoHttp({
    logger: logger.child({ component: 'http' }),
    genReqId: assignRequestId,
    customAttributeKeys: { reqId: 'requestId' },
    // Puts `requestId` on every line of the request's logger (the req serializer below keeps only method + url).
    quietReqLogger: true,
    // A 5xx is logged here only (the error handler hands its error over as `res.err`): one line per request.
    customLogLevel: (_req, res, error) => {
      if (res.statusCode === 503) return 'warn';
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
    customErrorMessage: (_req, res) =>
      res.statusCode === 503
        ? 'dependency unavailable'
        : res.statusCode >= 500
          ? 'request failed'
          : 'request aborted',
    // Probes poll every few seconds; a line each would drown the log.
    autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' },
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
