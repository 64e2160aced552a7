export { getTask, listTaskTypes, validateTaskInput } from './registry.js';
export type { PollBound, TaskTiming } from './task-context.js';
export { describeTaskInputIssue, type TaskInputField } from './task-input.js';
export { TASK_PARAM_NAMES, type TaskParamName, type TaskParams, TaskParamsSchema } from './task-params.js';
