import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { RunsQueue } from '@chronos/queue';
import type { Request, RequestHandler } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, type Metric, Registry } from 'prom-client';

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

/** The runs-queue states `chronos_queue_jobs` reports (the worker reports the same). */
const QUEUE_JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
/** A scrape never waits longer than this for Redis; a down Redis leaves the last depths in place. */
const QUEUE_COUNT_TIMEOUT_MS = 1000;

/**
 * The metric `name` of `registry`, created on first use: in single-process mode the worker may have
 * defined a shared series (queue depths, Node defaults) already.
 */
function getOrCreate<T extends Metric>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function registerQueueDepths(registry: Registry, queue: NonNullable<HttpMetricsOptions['queue']>): void {
  getOrCreate(
    registry,
    'chronos_queue_jobs',
    () =>
      new Gauge({
        name: 'chronos_queue_jobs',
        help: 'Jobs in the runs queue by state, read from Redis on each scrape',
        labelNames: ['state'] as const,
        registers: [registry],
        async collect() {
          try {
            const counts = await withTimeout(queue.getJobCounts(...QUEUE_JOB_STATES), QUEUE_COUNT_TIMEOUT_MS);
            for (const state of QUEUE_JOB_STATES) this.set({ state }, counts[state] ?? 0);
          } catch {
            // Redis is down: keep the last values; /ready reports the outage.
          }
        },
      }),
  );
}

/**
 * Prometheus metrics of this API process: Node defaults, `http_requests_total` and
 * `http_request_duration_ms` by method, route and status, and the runs queue's depths when given the queue.
 */
export function createHttpMetrics(options: HttpMetricsOptions = {}): HttpMetrics {
  const registry = options.registry ?? new Registry();
  if (!registry.getSingleMetric('process_cpu_user_seconds_total'))
    collectDefaultMetrics({ register: registry });
  if (options.queue) registerQueueDepths(registry, options.queue);
  const requests = getOrCreate(
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
  const duration = getOrCreate(
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
