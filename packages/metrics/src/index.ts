export { registerJobRunTimes } from './job-run-times.js';
export { type QueueJobCounts, registerQueueDepths } from './queue-depths.js';
export { type CheckResult, probe } from './readiness.js';
export { ensureDefaultMetrics, getOrCreateMetric } from './registry.js';
