export {
  type RunNowPayload,
  RunNowPayloadSchema,
  type ScheduleFirePayload,
  ScheduleFirePayloadSchema,
} from './catalog.js';
export {
  type ExecutionEvent,
  ExecutionEventSchema,
  executionEventsChannel,
  publishExecutionEvent,
  subscribeExecutionEvents,
} from './execution-events.js';
export { JOB_NAMES, jobIdFromSchedulerId, QUEUE_NAMES, schedulerIdFor } from './queue-names.js';
export { planReconcile, type ReconcilePlan } from './reconcile-plan.js';
export { createRedisConnection, pingRedis, type RedisRole } from './redis-connection.js';
export {
  createRunsQueue,
  enqueueRunNow,
  findJobSchedule,
  listJobSchedules,
  REDIS_OPERATION_TIMEOUT_MS,
  type RunsQueue,
  removeJobSchedule,
  type ScheduledJob,
  type SchedulerState,
  upsertJobSchedule,
} from './runs-queue.js';
