export {
  type RunNowPayload,
  RunNowPayloadSchema,
  type ScheduleFirePayload,
  ScheduleFirePayloadSchema,
} from './catalog.js';
export {
  createExecutionEventPublisher,
  type ExecutionEvent,
  type ExecutionEventPublisher,
  ExecutionEventSchema,
  type ExecutionEventType,
  publishExecutionEvent,
  subscribeExecutionEvents,
  toExecutionEvent,
} from './execution-events.js';
export { claimLease, leaseKey, overlapLeaseKey, releaseLease } from './lease.js';
export {
  JOB_NAMES,
  jobIdFromSchedulerId,
  QUEUE_NAMES,
  queueJobIdOf,
  runNowQueueJobId,
  schedulerIdFor,
  type TickJobFields,
  tickDueMillis,
  tickQueueJobId,
} from './queue-ids.js';
export {
  countJobSchedules,
  formatReconcileMarker,
  readReconcileMarker,
  writeReconcileMarker,
} from './reconcile-marker.js';
export {
  createRedisConnection,
  pingRedis,
  type RedisConnection,
  type RedisRole,
} from './redis-connection.js';
export {
  createRunsQueue,
  createRunsWorker,
  enqueueRunNow,
  findJobSchedule,
  listJobSchedules,
  REDIS_OPERATION_TIMEOUT_MS,
  type RunsQueue,
  removeJobSchedule,
  syncJobSchedule,
  upsertJobSchedule,
} from './runs-queue.js';
