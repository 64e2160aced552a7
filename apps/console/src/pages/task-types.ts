import type { components } from '@chronos/api-client';

type TaskType = components['schemas']['TaskType'];

/**
 * The api's task types for the pickers. The console sees the api only through the generated client (types,
 * no runtime enum), so they are spelled out here as a record over the contract's type: a renamed, removed or
 * new task type fails the console's typecheck.
 */
const KNOWN: Record<TaskType, true> = {
  entity_start: true,
  entity_stop: true,
  entity_snapshot: true,
  entity_redo: true,
  pipeline_start: true,
  pipeline_stop: true,
  pipeline_snapshot: true,
  pipeline_redo: true,
  group_start: true,
  group_stop: true,
  group_snapshot: true,
  group_redo: true,
  pipeline_enter_maintenance: true,
  pipeline_exit_maintenance: true,
};

export const TASK_TYPES = Object.keys(KNOWN) as TaskType[];

/** What a task type needs besides the pipeline: entities, a group, or nothing. */
export function needsOf(type: string): 'entities' | 'groups' | 'none' {
  if (type.startsWith('entity_')) return 'entities';
  if (type.startsWith('group_')) return 'groups';
  return 'none';
}
