import { SnapshotWriteMethodSchema } from '@chronos/corehub/contract';
import type { FieldIssue } from '@chronos/errors';
import { z } from 'zod';
import type { TaskInput } from './task-context.js';

/*
 * The requirement rules every task file composes. Paths are the API's snake_case field names; messages say
 * what to add, e.g. `entity_start requires at least one entity id in entity_ids`.
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

/** Every type: a non-blank `pipeline_id`. */
export function requirePipeline(type: string, job: TaskInput): FieldIssue[] {
  return typeof job.pipelineId === 'string' && job.pipelineId.trim() !== ''
    ? []
    : [{ path: 'pipeline_id', message: `${type} requires a pipeline id in pipeline_id` }];
}

function requireIds(
  type: string,
  ids: readonly string[] | undefined,
  field: 'entity_ids' | 'group_ids',
  noun: string,
): FieldIssue[] {
  const list = Array.isArray(ids) ? ids : [];
  if (list.length === 0)
    return [{ path: field, message: `${type} requires at least one ${noun} in ${field}` }];
  const issues: FieldIssue[] = [];
  for (const [index, id] of list.entries()) {
    if (typeof id !== 'string' || id.trim() === '') {
      issues.push({ path: `${field}.${index}`, message: `${field}[${index}] is blank; give a ${noun}` });
    }
  }
  return issues;
}

/** entity_*: a pipeline and at least one non-blank entity id. */
export function requirePipelineAndEntities(type: string, job: TaskInput): FieldIssue[] {
  return [...requirePipeline(type, job), ...requireIds(type, job.entityIds, 'entity_ids', 'entity id')];
}

/** group_*: a pipeline and at least one non-blank group id. */
export function requirePipelineAndGroups(type: string, job: TaskInput): FieldIssue[] {
  return [...requirePipeline(type, job), ...requireIds(type, job.groupIds, 'group_ids', 'group id')];
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
