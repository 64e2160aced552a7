export {
  catchupTicksOf,
  MISSED_REASONS,
  type MissedReason,
  missedReasonOf,
  planGapCheck,
  SCHEDULE_WRITE_SLACK_MS,
  unrecordedTicks,
} from './missed-ticks.js';
export {
  ACTIVE_EXECUTION_STATUSES,
  CATCHUP_POLICIES,
  type CatchupPolicy,
  CONCURRENCY_POLICIES,
  type ConcurrencyPolicy,
  EXECUTION_STATUSES,
  EXECUTION_TRIGGERS,
  type Execution,
  type ExecutionStatus,
  type ExecutionStep,
  type ExecutionTrigger,
  type FinalExecutionStatus,
  isFinalStatus,
  type Job,
  SNAPSHOT_WRITE_METHODS,
  type SnapshotWriteMethod,
} from './model.js';
export { nextRunOf } from './next-run.js';
export {
  DELIVERY_OUTCOMES,
  type DeliveryOutcome,
  type JobNotification,
  mayNotify,
  NOTIFIABLE_OUTCOMES,
  NOTIFICATION_EVENTS,
  type NotificationDelivery,
  type NotificationEvent,
  notificationEventOf,
} from './notifications.js';
export {
  firesOnSchedule,
  isSchedulerInLine,
  planReconcile,
  type SchedulerSpec,
  type SchedulerState,
  schedulerSpecOf,
} from './scheduler-spec.js';
