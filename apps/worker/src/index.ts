/**
 * `@chronos/worker`: the process that runs every scheduler tick and run-now exactly once and records it.
 * `startWorker` is the whole process (the CLI's `chronos worker` and single-process mode call it);
 * `createWorkerRuntime` is the engine the integration tests drive with their own database and Redis prefix.
 */
export {
  classifyFailure,
  computeRetryDelay,
  ExecutionInterruptedError,
  ExecutionTimeoutError,
} from './execution/attempt-failure.js';
export { formatRequestPath, type RecordedStep } from './execution/recording-hub.js';
export { FULL_PASS_EVERY_MS, type ReconcileReport } from './fleet-loops/reconciler.js';
export { createMeteredHub, describeHubFailure } from './http/metered-hub.js';
export {
  startWorkerHttpServer,
  type WorkerHttpServer,
  type WorkerHttpServerOptions,
} from './http/worker-http-server.js';
export {
  CONNECTION_STATE_VALUES,
  createWorkerMetrics,
  type WorkerMetrics,
  type WorkerMetricsOptions,
} from './http/worker-metrics.js';
export { checkReadiness, type ReadinessReport, type ReadinessSources } from './http/worker-readiness.js';
export {
  type CoreHubPortWithLifecycle,
  createWorkerRuntime,
  DEFAULT_TUNING,
  type RuntimeObserver,
  type RuntimeResources,
  type WorkerRuntime,
  type WorkerRuntimeConfig,
  type WorkerRuntimeDeps,
  type WorkerTuning,
} from './runtime.js';
export { type RunningWorker, type StartWorkerOptions, startWorker } from './start-worker.js';
