import type { FieldIssue } from '@chronos/errors';
import { validateTaskInput } from '@chronos/tasks';
import { toBodyPath } from './schedule-rules.js';

/**
 * The API's one doorway to `@chronos/tasks` rules (metadata and validation only, never an executor).
 */

/** What a task type needs that generic validation cannot see, as `body.<field>` issues. */
export function findTaskIssues(
  taskType: string,
  job: { pipelineId: string; entityIds: string[]; groupIds: string[] },
): FieldIssue[] {
  return validateTaskInput(taskType, job).map((issue) => ({
    path: toBodyPath(issue.path),
    message: issue.message,
  }));
}
