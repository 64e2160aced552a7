import type { components } from '@chronos/api-client';

type TaskType = components['schemas']['TaskType'];

/** The api's task types (the generated type fails the build if one is renamed or removed). */
export const TASK_TYPES = [
  'entity_start',
  'entity_stop',
  'entity_snapshot',
  'entity_redo',
  'pipeline_start',
  'pipeline_stop',
  'pipeline_snapshot',
  'pipeline_redo',
  'group_start',
  'group_stop',
  'group_snapshot',
  'group_redo',
  'pipeline_enter_maintenance',
  'pipeline_exit_maintenance',
] as const satisfies readonly TaskType[];

/** What a task type needs besides the pipeline: entities, a group, or nothing. */
export function needsOf(type: string): 'entities' | 'groups' | 'none' {
  if (type.startsWith('entity_')) return 'entities';
  if (type.startsWith('group_')) return 'groups';
  return 'none';
}
