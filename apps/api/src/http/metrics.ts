import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Db } from '@chronos/db';
import type { Logger } from '@chronos/logger';
import {
  ensureDefaultMetrics,
  getOrCreateMetric,
  registerJobRunTimes,
  registerQueueDepths,
} from '@chronos/metrics';
import type { RunsQueue } from '@chronos/queue';
import type { Request, RequestHandler } from 'express';
import { Counter, Histogram, Registry } from 'prom-client';

export const METRICS_PATH = '/metrics';

/** Unmatched requests (404s, probes of paths we do not serve) share one label. */
const UNMATCHED = 'unmatched';

/**
 * The route a request matched (`/api/jobs/:id`), never the raw URL: ids in labels would make one time
 * series per job. Read when Express matches the route: by the time the response finishes an error has
 * left the feature router, which resets `req.baseUrl`, and `/api/jobs` would be counted as `/`.
 */
function rememberRoute(req: Request): { readonly label: string } {
  const seen = { label: UNMATCHED };
  let route: unknown;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: { path?: unknown } | undefined) {
      route = value;
      if (typeof value?.path !== 'string') return;
      seen.label = `${req.baseUrl}${value.path === '/' && req.baseUrl ? '' : value.path}` || '/';
    },
  });
  return seen;
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
  /** The jobs table: each enabled job's last run, last success and next run, read on each scrape. */
  jobs?: Pick<Db['jobs'], 'listRunTimes'>;
  logger?: Logger;
};

/** Seconds, Prometheus's base unit; from a quick answer to a run-now `?wait=true` held for minutes. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/**
 * Prometheus metrics of this API process: Node defaults, `http_requests_total` and
 * `http_request_duration_seconds` by method, route and status, the runs queue's depths when given the queue,
 * and the per-job run times when given the jobs table.
 */
export function createHttpMetrics(options: HttpMetricsOptions = {}): HttpMetrics {
  const registry = options.registry ?? new Registry();
  ensureDefaultMetrics(registry);
  const { queue, jobs, logger } = options;
  if (queue) registerQueueDepths(registry, { countJobs: (states) => queue.getJobCounts(...states) });
  if (jobs) {
    registerJobRunTimes(registry, {
      listRunTimes: () => jobs.listRunTimes(),
      onReadError: (error) => logger?.debug({ err: error }, 'job run times not read'),
    });
  }
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
    'http_request_duration_seconds',
    () =>
      new Histogram({
        name: 'http_request_duration_seconds',
        help: 'Time to answer an HTTP request in seconds, by method, route and status',
        labelNames: ['method', 'route', 'status'] as const,
        buckets: DURATION_BUCKETS,
        registers: [registry],
      }),
  );

  return {
    recordRequests(req, res, next) {
      const started = process.hrtime.bigint();
      const route = rememberRoute(req);
      res.on('finish', () => {
        const labels = { method: req.method, route: route.label, status: String(res.statusCode) };
        requests.inc(labels);
        duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
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
