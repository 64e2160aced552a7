export {
  ACTIVE_EXECUTION_STATUSES,
  CONCURRENCY_POLICIES,
  type ConcurrencyPolicy,
  EXECUTION_STATUSES,
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
  firesOnSchedule,
  isSchedulerInLine,
  planReconcile,
  type SchedulerSpec,
  type SchedulerState,
  schedulerSpecOf,
} from './scheduler-spec.js';
