import { NotFoundError } from '@chronos/errors';
import type { TaskDefinition } from './define-task.js';
import type { TaskInput } from './task-context.js';
import type { TaskInputIssue } from './task-input.js';
import { aiAgentRunTask } from './task-types/ai-agent-run.js';
import { brainReindexTask } from './task-types/brain-reindex.js';
import { entityRedoTask } from './task-types/entity-redo.js';
import { entitySnapshotTask } from './task-types/entity-snapshot.js';
import { entityStartTask } from './task-types/entity-start.js';
import { entityStopTask } from './task-types/entity-stop.js';
import { entityValidateTask } from './task-types/entity-validate.js';
import { groupRedoTask } from './task-types/group-redo.js';
import { groupSnapshotTask } from './task-types/group-snapshot.js';
import { groupStartTask } from './task-types/group-start.js';
import { groupStopTask } from './task-types/group-stop.js';
import { pipelineEnterMaintenanceTask } from './task-types/pipeline-enter-maintenance.js';
import { pipelineExitMaintenanceTask } from './task-types/pipeline-exit-maintenance.js';
import { pipelineRedoTask } from './task-types/pipeline-redo.js';
import { pipelineSnapshotTask } from './task-types/pipeline-snapshot.js';
import { pipelineStartTask } from './task-types/pipeline-start.js';
import { pipelineStopTask } from './task-types/pipeline-stop.js';
import { queryStudioTask } from './task-types/query-studio.js';
import { visualizeRefreshTask } from './task-types/visualize-refresh.js';

/**
 * Every task type, in the order of the reference's TaskType enum (§2.1) (the API documents them in this order). Adding a type
 * is one file in `task-types/` plus its test, and one line here.
 */
const TASKS: readonly TaskDefinition[] = [
  entityStartTask,
  entityStopTask,
  entitySnapshotTask,
  entityRedoTask,
  pipelineStartTask,
  pipelineStopTask,
  pipelineSnapshotTask,
  pipelineRedoTask,
  groupStartTask,
  groupStopTask,
  groupSnapshotTask,
  groupRedoTask,
  pipelineEnterMaintenanceTask,
  pipelineExitMaintenanceTask,
  queryStudioTask,
  aiAgentRunTask,
  entityValidateTask,
  brainReindexTask,
  visualizeRefreshTask,
];

const BY_TYPE = new Map(TASKS.map((task) => [task.type, task]));

/** All task types with their metadata (type, description, target, params schema). */
export function listTaskTypes(): readonly TaskDefinition[] {
  return TASKS;
}

/** The task type's definition or null. */
export function findTask(type: string): TaskDefinition | null {
  return BY_TYPE.get(type) ?? null;
}

/** The task type's definition; NotFoundError (`TASK_TYPE_NOT_FOUND`) for an unknown type. */
export function getTask(type: string): TaskDefinition {
  const task = findTask(type);
  if (!task) {
    throw new NotFoundError(`unknown task type "${type}"`, {
      code: 'TASK_TYPE_NOT_FOUND',
      detail: `unknown task type "${type}"; use one of ${TASKS.map((known) => known.type).join(', ')}`,
    });
  }
  return task;
}

/**
 * What a job of `type` lacks, each issue naming the domain field (`taskType`, `pipelineId`, `entityIds`,
 * `groupIds`, with `index` inside a list) and its rule; `describeTaskInputIssue` words it. Empty when the
 * job can run.
 */
export function validateTaskInput(type: string, job: TaskInput): TaskInputIssue[] {
  const task = findTask(type);
  if (!task) {
    return [
      { rule: 'unknownTaskType', field: 'taskType', taskType: type, known: TASKS.map((known) => known.type) },
    ];
  }
  return task.requires(job);
}
