import type { components } from '@chronos/api-client';

type TaskType = components['schemas']['TaskType'];

/**
 * The api's task types for the pickers. The console sees the api only through the generated client (types,
 * no runtime enum), so they are spelled out here as a record over the contract's type: a renamed, removed or
 * new task type fails the console's typecheck. `form`: the job form has every field the type needs;
 * `api`: its parameters (SQL, agent, visualization…) have no form fields yet, so it is listed and shown but
 * created through the API.
 */
const KNOWN: Record<TaskType, 'form' | 'api'> = {
  entity_start: 'form',
  entity_stop: 'form',
  entity_snapshot: 'form',
  entity_redo: 'form',
  pipeline_start: 'form',
  pipeline_stop: 'form',
  pipeline_snapshot: 'form',
  pipeline_redo: 'form',
  group_start: 'form',
  group_stop: 'form',
  group_snapshot: 'form',
  group_redo: 'form',
  pipeline_enter_maintenance: 'form',
  pipeline_exit_maintenance: 'form',
  query_studio: 'api',
  ai_agent_run: 'api',
  entity_validate: 'api',
  brain_reindex: 'api',
  visualize_refresh: 'api',
};

/** Every task type (list filters). */
export const TASK_TYPES = Object.keys(KNOWN) as TaskType[];
/** The task types the job form can create and edit. */
export const FORM_TASK_TYPES = TASK_TYPES.filter((type) => KNOWN[type] === 'form');

/** What a task type needs besides the pipeline: entities, a group, or nothing. */
export function needsOf(type: string): 'entities' | 'groups' | 'none' {
  if (type.startsWith('entity_')) return 'entities';
  if (type.startsWith('group_')) return 'groups';
  return 'none';
}
