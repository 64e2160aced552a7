import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { ensureDefaultMetrics, getOrCreateMetric, registerQueueDepths } from '@chronos/metrics';
import type { RunsQueue } from '@chronos/queue';
import type { Request, RequestHandler } from 'express';
import { Counter, Histogram, Registry } from 'prom-client';

export const METRICS_PATH = '/metrics';

/**
 * The route a request matched (`/api/jobs/:id`), never the raw URL: ids in labels would make one time
 * series per job. Unmatched requests share one label.
 */
function routeLabel(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  if (typeof route?.path !== 'string') return 'unmatched';
  return `${req.baseUrl}${route.path === '/' && req.baseUrl ? '' : route.path}` || '/';
}

export type HttpMetrics = { recordRequests: RequestHandler; serveMetrics: RequestHandler };

export type HttpMetricsOptions = {
  /**
   * The registry to serve. `chronos start` passes the one its worker writes to, so this `/metrics` shows the
   * execution series too. Default: a registry of this app alone (tests that build several apps in one
   * process never collide on metric names).
   */
  registry?: Registry;
  /** The runs queue: its depths become `chronos_queue_jobs{state}`, read on each scrape. */
  queue?: Pick<RunsQueue, 'getJobCounts'>;
};

/**
 * Prometheus metrics of this API process: Node defaults, `http_requests_total` and
 * `http_request_duration_ms` by method, route and status, and the runs queue's depths when given the queue.
 */
export function createHttpMetrics(options: HttpMetricsOptions = {}): HttpMetrics {
  const registry = options.registry ?? new Registry();
  ensureDefaultMetrics(registry);
  const { queue } = options;
  if (queue) registerQueueDepths(registry, { countJobs: (states) => queue.getJobCounts(...states) });
  const requests = getOrCreateMetric(
    registry,
    'http_requests_total',
    () =>
      new Counter({
        name: 'http_requests_total',
        help: 'HTTP requests answered, by method, route and status',
        labelNames: ['method', 'route', 'status'] as const,
        registers: [registry],
      }),
  );
  const duration = getOrCreateMetric(
    registry,
    'http_request_duration_ms',
    () =>
      new Histogram({
        name: 'http_request_duration_ms',
        help: 'Time to answer an HTTP request in milliseconds, by method and route',
        labelNames: ['method', 'route'] as const,
        buckets: [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 10_000, 60_000],
        registers: [registry],
      }),
  );

  return {
    recordRequests(req, res, next) {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const route = routeLabel(req);
        requests.inc({ method: req.method, route, status: String(res.statusCode) });
        duration.observe({ method: req.method, route }, Number(process.hrtime.bigint() - started) / 1e6);
      });
      next();
    },
    async serveMetrics(_req, res) {
      res.type(registry.contentType).send(await registry.metrics());
    },
  };
}

export function registerMetricsOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: METRICS_PATH,
    operationId: 'getMetrics',
    tags: ['health'],
    summary: 'Prometheus metrics',
    responses: {
      200: {
        description: 'Prometheus text exposition format',
        content: { 'text/plain': { schema: { type: 'string' } } },
      },
    },
  });
}
