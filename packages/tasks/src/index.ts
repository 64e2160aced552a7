export { getTask, listTaskTypes, validateTaskInput } from './registry.js';
export { describeTaskInputIssue, type TaskInputField } from './task-input.js';
