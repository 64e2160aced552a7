export { getTask, listTaskTypes, validateTaskInput } from './registry.js';
export type { TaskTiming } from './task-context.js';
export { describeTaskInputIssue, type TaskInputField } from './task-input.js';
export { type TaskParamName, type TaskParams, TaskParamsSchema } from './task-params.js';
