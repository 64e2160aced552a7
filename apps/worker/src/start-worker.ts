import type { ChronosConfig } from '@chronos/config';
import { coreHubOptionsFromConfig, createCoreHubClient } from '@chronos/corehub';
import { createDb, type Db } from '@chronos/db';
import type { Logger } from '@chronos/logger';
import type { Registry } from 'prom-client';
import { createMeteredHub } from './http/metered-hub.js';
import { startWorkerHttpServer, type WorkerHttpServer } from './http/worker-http-server.js';
import { createWorkerMetrics, type WorkerMetrics } from './http/worker-metrics.js';
import { checkReadiness } from './http/worker-readiness.js';
import {
  createWorkerRuntime,
  type RuntimeObserver,
  type RuntimeResources,
  type WorkerTuning,
} from './runtime.js';

export type RunningWorker = {
  readonly workerId: string;
  /** `http://host:port` of /health, /ready and /metrics; undefined when the server is off. */
  readonly httpUrl: string | undefined;
  /** Drains (SHUTDOWN_TIMEOUT), closes Redis, CoreHub and the database. Idempotent. */
  stop(): Promise<void>;
};

export type StartWorkerOptions = {
  tuning?: Partial<WorkerTuning>;
  /** Prometheus registry to add the worker's series to (single-process mode shares the API's). */
  registry?: Registry;
  /**
   * Serve /health, /ready and /metrics on WORKER_HTTP_PORT (default: when the port is not 0). Single-process
   * mode turns it off: the API answers those.
   */
  isHttpServerEnabled?: boolean;
  /**
   * The caller migrated the database already (single-process mode: the API did). Skips the worker's own
   * migration, which on SQLite waits for every other open connection of the file and times out.
   */
  isMigrated?: boolean;
};

function observeInto(metrics: WorkerMetrics, resources: { current?: RuntimeResources }): RuntimeObserver {
  return {
    onExecutionEvent: (type, execution, job) => metrics.observeExecution(type, execution, job),
    onReconcile: (report) => metrics.observeReconcile(report),
    onNotificationDelivery: (event, outcome) => metrics.observeNotificationDelivery(event, outcome),
    onResources(current) {
      resources.current = current;
      metrics.setQueueCounter(
        current ? () => current.queue.getJobCounts('waiting', 'active', 'delayed', 'failed') : undefined,
      );
    },
  };
}

/**
 * The health server, started before the migrations so liveness answers during a slow start. A port that is
 * taken is fatal in production (the orchestrator's probe would fail anyway) and a warning elsewhere, where
 * several workers on one machine share the default port.
 */
async function startHealthServer(
  config: ChronosConfig,
  logger: Logger,
  serve: Omit<Parameters<typeof startWorkerHttpServer>[0], 'host' | 'port' | 'logger'>,
): Promise<WorkerHttpServer | undefined> {
  try {
    return await startWorkerHttpServer({
      host: config.http.host,
      port: config.worker.httpPort,
      logger,
      ...serve,
    });
  } catch (error) {
    if (config.isProduction) throw error;
    logger.warn(
      { err: error, port: config.worker.httpPort },
      'worker http server not started (WORKER_HTTP_PORT in use?); set WORKER_HTTP_PORT per worker, or 0',
    );
    return undefined;
  }
}

async function closeAll(db: Db, http: WorkerHttpServer | undefined): Promise<void> {
  await http?.close();
  await db.close();
}

/**
 * A whole worker process's wiring: database (migrated at start-up), CoreHub client, runtime, and the
 * /health, /ready, /metrics server on WORKER_HTTP_PORT. Used by `main.ts`, the `chronos worker` command and
 * the single-process mode.
 */
export async function startWorker(
  config: ChronosConfig,
  logger: Logger,
  options: StartWorkerOptions = {},
): Promise<RunningWorker> {
  const db = createDb({ ...config.database, logger });
  const metrics = createWorkerMetrics({
    ...(options.registry ? { registry: options.registry } : {}),
    logger,
  });
  const hub = createCoreHubClient(
    coreHubOptionsFromConfig(config.corehub, { logger, isProduction: config.isProduction }),
  );
  metrics.setConnectionState(() => hub.state().status);
  const resources: { current?: RuntimeResources } = {};
  const isHttpServerEnabled = options.isHttpServerEnabled ?? config.worker.httpPort > 0;
  let http: WorkerHttpServer | undefined;
  try {
    if (isHttpServerEnabled) {
      http = await startHealthServer(config, logger, {
        registry: metrics.registry,
        checkReadiness: () =>
          checkReadiness({
            pingDatabase: () => db.ping(),
            redis: () => resources.current?.redis,
            corehubStatus: () => hub.state().status,
          }),
      });
    }
    if (!options.isMigrated) await db.migrate.deploy();
  } catch (error) {
    await hub.close().catch(() => undefined);
    await closeAll(db, http);
    throw error;
  }
  const runtime = createWorkerRuntime({
    config,
    logger,
    db,
    hub: createMeteredHub(hub, metrics),
    observer: observeInto(metrics, resources),
    ...(options.tuning ? { tuning: options.tuning } : {}),
  });
  try {
    await runtime.start();
  } catch (error) {
    await runtime.stop().catch(() => undefined);
    await hub.close().catch(() => undefined);
    await closeAll(db, http);
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    workerId: runtime.workerId,
    httpUrl: http?.url,
    stop() {
      // The health server goes last: an orchestrator keeps seeing "alive" while the drain runs.
      stopping ??= runtime.stop().finally(() => closeAll(db, http));
      return stopping;
    },
  };
}
