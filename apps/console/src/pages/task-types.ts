import type { components } from '@chronos/api-client';

type TaskType = components['schemas']['TaskType'];
type Job = components['schemas']['Job'];

/** The automation types' parameter fields of a job (`agent_id`, `query_sql`…), as the api names them. */
export type ParamName = keyof Job &
  (
    | 'agent_id'
    | 'query_sql'
    | 'saved_query_id'
    | 'query_read_only'
    | 'agent_alias'
    | 'agent_version'
    | 'agent_input'
    | 'idempotency_key'
    | 'validation_reconcile'
    | 'viz_id'
    | 'visualize_parameters'
  );

/**
 * How the form edits a parameter: `json` is a JSON object typed as text and sent as typed (the api reads a
 * JSON string of an object and answers its own message at the field when it is not one).
 */
export type ParamField = {
  name: ParamName;
  label: string;
  kind: 'text' | 'textarea' | 'number' | 'checkbox' | 'json';
};

/**
 * The api's task types for the pickers, with the parameter fields each shows on the job form. The console
 * sees the api only through the generated client (types, no runtime enum), so they are spelled out here as a
 * record over the contract's type: a renamed, removed or new task type fails the console's typecheck.
 * Which fields a type requires is the api's rule: its 422 is shown at the field.
 */
const PARAMS: Record<TaskType, ParamField[]> = {
  entity_start: [],
  entity_stop: [],
  entity_snapshot: [],
  entity_redo: [],
  pipeline_start: [],
  pipeline_stop: [],
  pipeline_snapshot: [],
  pipeline_redo: [],
  group_start: [],
  group_stop: [],
  group_snapshot: [],
  group_redo: [],
  pipeline_enter_maintenance: [],
  pipeline_exit_maintenance: [],
  query_studio: [
    { name: 'agent_id', label: 'Query Studio agent id', kind: 'text' },
    { name: 'query_sql', label: 'SQL', kind: 'textarea' },
    { name: 'saved_query_id', label: 'Saved query id (its live SQL wins)', kind: 'text' },
    { name: 'query_read_only', label: 'Read only', kind: 'checkbox' },
  ],
  ai_agent_run: [
    { name: 'agent_alias', label: 'Agent alias', kind: 'text' },
    { name: 'agent_version', label: 'Agent version (blank = current)', kind: 'number' },
    { name: 'agent_input', label: 'Input (JSON object, blank = {})', kind: 'json' },
    { name: 'idempotency_key', label: 'Idempotency key', kind: 'text' },
  ],
  entity_validate: [
    { name: 'validation_reconcile', label: 'Reconcile the differences found', kind: 'checkbox' },
  ],
  brain_reindex: [],
  visualize_refresh: [
    { name: 'viz_id', label: 'Visualization id', kind: 'text' },
    { name: 'visualize_parameters', label: 'Parameters (JSON object of strings)', kind: 'json' },
  ],
};

/** Every task type (list filters and the job form). */
export const TASK_TYPES = Object.keys(PARAMS) as TaskType[];

/** Every parameter field of every type (an update clears the ones the chosen type does not use). */
export const PARAM_FIELDS: ParamField[] = Object.values(PARAMS).flat();

/** The parameter fields of one type. */
export function paramFieldsOf(type: string): ParamField[] {
  return PARAMS[type as TaskType] ?? [];
}

/** Types that call CoreHub itself, not one of its pipelines (the api's task descriptions say so). */
const NO_PIPELINE: ReadonlySet<string> = new Set(['ai_agent_run', 'brain_reindex', 'visualize_refresh']);

/** What a task type needs besides its parameters: entities, a group, a pipeline only, or nothing. */
export function needsOf(type: string): 'entities' | 'groups' | 'pipeline' | 'none' {
  if (type.startsWith('entity_')) return 'entities';
  if (type.startsWith('group_')) return 'groups';
  return NO_PIPELINE.has(type) ? 'none' : 'pipeline';
}
