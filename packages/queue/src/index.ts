export {
  ChainStepPayloadSchema,
  FlowEventPayloadSchema,
  FlowFirePayloadSchema,
  type PendingOutcome,
  type RunNowPayload,
  RunNowPayloadSchema,
  readPendingOutcome,
  ScheduleFirePayloadSchema,
} from './catalog.js';
export {
  createExecutionEventPublisher,
  type ExecutionEvent,
  type ExecutionEventPublisher,
  type ExecutionEventType,
  publishExecutionEvent,
  subscribeExecutionEvents,
  toExecutionEvent,
} from './execution-events.js';
export { type FlowFinishedEvent, publishFlowFinished, subscribeFlowEvents } from './flow-events.js';
export {
  advanceGapPass,
  type GapWatermarks,
  readGapWatermarks,
  writeGapExceptions,
} from './gap-watermark.js';
export { claimLease, leaseKey, overlapLeaseKey, releaseLease, webhookRegistryLeaseKey } from './lease.js';
export {
  createNotificationsQueue,
  createNotificationsWorker,
  enqueueNotificationDelivery,
  enqueueNotificationPlan,
  type NotificationDeliveryPayload,
  NotificationDeliveryPayloadSchema,
  NotificationPlanPayloadSchema,
} from './notifications-queue.js';
export {
  chainStepQueueJobId,
  flowFireQueueJobId,
  JOB_NAMES,
  jobIdFromSchedulerId,
  notificationDeliveryQueueJobId,
  QUEUE_NAMES,
  queueJobIdOf,
  schedulerIdFor,
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
  type RedisTarget,
} from './redis-connection.js';
export {
  createRunsQueue,
  createRunsWorker,
  enqueueCatchup,
  enqueueChainStep,
  enqueueFlowEvent,
  enqueueFlowFire,
  enqueueRunNow,
  findJobSchedule,
  isQueueJobLive,
  listJobSchedules,
  type RunsQueue,
  removeJobSchedule,
  syncJobSchedule,
  upsertJobSchedule,
  wakeChainStep,
} from './runs-queue.js';
