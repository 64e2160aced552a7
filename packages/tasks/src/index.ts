export { defineTask, type TaskDefinition, type TaskSpec, type TaskTarget } from './define-task.js';
export { findTask, getTask, listTaskTypes, validateTaskInput } from './registry.js';
export type {
  TaskContext,
  TaskInput,
  TaskJob,
  TaskResult,
  TaskTiming,
} from './task-context.js';
export { TASK_FAILURE_CODES, TaskFailedError, type TaskFailureCode } from './task-failed-error.js';
export { describeTaskInputIssue, type TaskInputField, type TaskInputIssue } from './task-input.js';
