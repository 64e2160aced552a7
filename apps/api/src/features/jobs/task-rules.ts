import type { FieldIssue } from '@chronos/errors';
import {
  describeTaskInputIssue,
  type TaskInputField,
  type TaskParams,
  validateTaskInput,
} from '@chronos/tasks';
import { BODY_FIELD_OF_PARAM } from './task-params.js';

/**
 * The API's one doorway to `@chronos/tasks` rules (metadata and validation only, never an executor). Tasks
 * name the job's domain fields; this file maps them to the request body's field names.
 */

/** The body field each task-input field comes from. */
const BODY_FIELD: Record<TaskInputField, string> = {
  taskType: 'task_type',
  pipelineId: 'pipeline_id',
  entityIds: 'entity_ids',
  groupIds: 'group_ids',
  ...BODY_FIELD_OF_PARAM,
};

/**
 * What a task type needs that generic validation cannot see, as `<at>.<field>` issues (`body.entity_ids`,
 * `body.chained_events.1.entity_ids`).
 */
export function findTaskIssues(
  taskType: string,
  job: { pipelineId: string; entityIds: string[]; groupIds: string[]; taskParams?: TaskParams },
  at = 'body',
): FieldIssue[] {
  return validateTaskInput(taskType, job).map((issue) => ({
    path: `${at}.${BODY_FIELD[issue.field]}${'index' in issue ? `.${issue.index}` : ''}`,
    message: describeTaskInputIssue(issue, (field) => BODY_FIELD[field]),
  }));
}
