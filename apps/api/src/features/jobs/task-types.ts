import { listTaskTypes } from '@chronos/tasks';

/**
 * The task types the API accepts, straight from the task registry: a new task type (one new file in
 * `@chronos/tasks`) is accepted and documented here without touching the API.
 */
export const TASK_TYPE_NAMES = listTaskTypes().map((task) => task.type) as [string, ...string[]];

/** One Markdown line per task type for the OpenAPI description of `task_type`. */
export const TASK_TYPE_DESCRIPTION = listTaskTypes()
  .map((task) => `- \`${task.type}\`: ${task.description}`)
  .join('\n');
