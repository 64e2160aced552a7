import { SnapshotWriteMethodSchema } from '@chronos/corehub/contract';
import { z } from 'zod';
import type { TaskInput } from './task-context.js';
import { type TaskParamName, TaskParamsSchema } from './task-params.js';

/*
 * The requirement rules every task file composes. An issue names the job field in the domain's words
 * (`pipelineId`, `entityIds`, `groupIds`, `taskType`) and says which rule it breaks; `describeTaskInputIssue`
 * words it, naming the field the way the reader knows it (the API passes its body field names, so its 422s
 * say `entity_start requires at least one entity id in entity_ids`).
 */

const NonBlank = z.string().trim().min(1);

/** params: the pipeline id every task needs. */
export const PipelineParams = z.object({ pipelineId: NonBlank });
/** params: the snapshot write method sent with starts, snapshots and redos. */
export const WriteMethodParams = z.object({ snapshotWriteMethod: SnapshotWriteMethodSchema });
/** params: at least one entity id. */
export const EntityParams = z.object({ entityIds: z.array(NonBlank).min(1) });
/** params: at least one group id. */
export const GroupParams = z.object({ groupIds: z.array(NonBlank).min(1) });
/** params: whether a start also takes a snapshot first. */
export const WithSnapshotParams = z.object({ withSnapshot: z.boolean() });

/** params: the automation inputs, which must at least be well formed. */
export const TaskParamsParams = z.object({ taskParams: TaskParamsSchema });

/** The job fields a task type's requirements talk about. */
export type TaskInputField = 'taskType' | 'pipelineId' | 'entityIds' | 'groupIds' | TaskParamName;

type IdListField = 'entityIds' | 'groupIds';

/** One thing a job lacks for its task type; `index` points into an id list. */
export type TaskInputIssue =
  | { rule: 'unknownTaskType'; field: 'taskType'; taskType: string; known: readonly string[] }
  | { rule: 'required'; field: 'pipelineId' | IdListField; taskType: string }
  | { rule: 'blank'; field: IdListField; index: number; taskType: string }
  | { rule: 'requiredParam'; field: TaskParamName; taskType: string; orField?: TaskParamName };

const ID_NOUN: Record<IdListField, string> = { entityIds: 'entity id', groupIds: 'group id' };

/** What to add, naming the field as `nameOf(field)` (default: the domain name, e.g. `entityIds`). */
export function describeTaskInputIssue(
  issue: TaskInputIssue,
  nameOf: (field: TaskInputField) => string = (field) => field,
): string {
  const name = nameOf(issue.field);
  switch (issue.rule) {
    case 'unknownTaskType':
      return `unknown task type "${issue.taskType}"; use one of ${issue.known.join(', ')}`;
    case 'required':
      return issue.field === 'pipelineId'
        ? `${issue.taskType} requires a pipeline id in ${name}`
        : `${issue.taskType} requires at least one ${ID_NOUN[issue.field]} in ${name}`;
    case 'blank':
      return `${name}[${issue.index}] is blank; give a ${ID_NOUN[issue.field]}`;
    case 'requiredParam':
      return issue.orField === undefined
        ? `${issue.taskType} requires a non-empty ${name}`
        : `${issue.taskType} requires a non-empty ${name} or ${nameOf(issue.orField)}`;
  }
}

/** Every type: a non-blank `pipelineId`. */
export function requirePipeline(type: string, job: TaskInput): TaskInputIssue[] {
  return typeof job.pipelineId === 'string' && job.pipelineId.trim() !== ''
    ? []
    : [{ rule: 'required', field: 'pipelineId', taskType: type }];
}

function requireIds(type: string, ids: readonly string[] | undefined, field: IdListField): TaskInputIssue[] {
  const list = Array.isArray(ids) ? ids : [];
  if (list.length === 0) return [{ rule: 'required', field, taskType: type }];
  const issues: TaskInputIssue[] = [];
  for (const [index, id] of list.entries()) {
    if (typeof id !== 'string' || id.trim() === '')
      issues.push({ rule: 'blank', field, index, taskType: type });
  }
  return issues;
}

/** entity_*: a pipeline and at least one non-blank entity id. */
export function requirePipelineAndEntities(type: string, job: TaskInput): TaskInputIssue[] {
  return [...requirePipeline(type, job), ...requireIds(type, job.entityIds, 'entityIds')];
}

/** group_*: a pipeline and at least one non-blank group id. */
export function requirePipelineAndGroups(type: string, job: TaskInput): TaskInputIssue[] {
  return [...requirePipeline(type, job), ...requireIds(type, job.groupIds, 'groupIds')];
}

/**
 * automation types: each of `fields` set in `taskParams` (a list of two means "one of them"). A value of
 * the wrong shape reads as missing here; `params` reports its shape when the job runs.
 */
export function requireParams(
  type: string,
  job: TaskInput,
  ...fields: (TaskParamName | [TaskParamName, TaskParamName])[]
): TaskInputIssue[] {
  const params: Record<string, unknown> = job.taskParams ?? {};
  const present = (field: TaskParamName) => {
    const value = params[field];
    return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
  };
  const issues: TaskInputIssue[] = [];
  for (const field of fields) {
    if (Array.isArray(field)) {
      const [first, second] = field;
      if (!present(first) && !present(second))
        issues.push({ rule: 'requiredParam', field: first, orField: second, taskType: type });
    } else if (!present(field)) {
      issues.push({ rule: 'requiredParam', field, taskType: type });
    }
  }
  return issues;
}

/** Short list of ids for messages: `e1, e2, e3 and 7 more`. */
export function describeIds(ids: readonly string[], shown = 5): string {
  const head = ids.slice(0, shown).join(', ');
  return ids.length > shown ? `${head} and ${ids.length - shown} more` : head;
}

/** `1 entity`, `3 entities`. */
export function countOf(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
