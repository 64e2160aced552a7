export {
  QUEUE_JOB_STATES,
  type QueueDepthSource,
  type QueueJobCounts,
  type QueueJobState,
  registerQueueDepths,
} from './queue-depths.js';
export { type CheckResult, probe } from './readiness.js';
export { ensureDefaultMetrics, getOrCreateMetric } from './registry.js';
