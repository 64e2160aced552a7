/**
 * `@chronos/worker`: the process that runs every scheduler tick and run-now exactly once and records it.
 * `startWorker` is the whole process (the CLI's `chronos worker` and single-process mode call it);
 * `createWorkerRuntime` is the engine the integration tests drive with their own database and Redis prefix.
 */
export { FULL_PASS_EVERY_MS } from './fleet-loops/reconciler.js';
export { createWorkerRuntime, type WorkerRuntime, type WorkerTuning } from './runtime.js';
export { type RunningWorker, startWorker } from './start-worker.js';
