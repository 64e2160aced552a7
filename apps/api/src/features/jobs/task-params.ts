import { type TaskParamName, TaskParamsSchema } from '@chronos/tasks';

/**
 * The automation task types' inputs as the API shows them: the reference's top-level snake_case body and
 * response fields (`agent_id`, `query_sql`, `viz_id`…, §2.8), stored together as the job's `taskParams`.
 * Each field's schema is the task package's; this file only names them.
 */
export const TASK_PARAM_FIELDS = {
  agent_id: 'agentId',
  query_sql: 'querySql',
  saved_query_id: 'savedQueryId',
  query_read_only: 'queryReadOnly',
  agent_alias: 'agentAlias',
  agent_version: 'agentVersion',
  agent_input: 'agentInput',
  idempotency_key: 'idempotencyKey',
  validation_reconcile: 'validationReconcile',
  viz_id: 'vizId',
  visualize_parameters: 'visualizeParameters',
} as const satisfies Record<string, TaskParamName>;

type BodyField = keyof typeof TASK_PARAM_FIELDS;
type ParamSchema<F extends BodyField> = ReturnType<
  (typeof TaskParamsSchema.shape)[(typeof TASK_PARAM_FIELDS)[F]]['unwrap']
>;

const ENTRIES = Object.entries(TASK_PARAM_FIELDS) as [BodyField, TaskParamName][];

function paramSchema<F extends BodyField>(field: F): ParamSchema<F> {
  return TaskParamsSchema.shape[TASK_PARAM_FIELDS[field]].unwrap() as ParamSchema<F>;
}

/** Body fields: each optional; `null` clears it on update. */
export const TASK_PARAM_BODY_FIELDS = Object.fromEntries(
  ENTRIES.map(([field]) => [field, paramSchema(field).nullable().optional()]),
) as { [F in BodyField]: ReturnType<ReturnType<ParamSchema<F>['nullable']>['optional']> };

/** Response fields: each present, `null` when the job has none. */
export const TASK_PARAM_RESPONSE_FIELDS = Object.fromEntries(
  ENTRIES.map(([field]) => [field, paramSchema(field).nullable()]),
) as { [F in BodyField]: ReturnType<ParamSchema<F>['nullable']> };

/** The body field each param comes from (for the words of a task rule issue). */
export const BODY_FIELD_OF_PARAM = Object.fromEntries(
  ENTRIES.map(([field, name]) => [name, field]),
) as Record<TaskParamName, string>;

/** `current` with the body's task param fields applied: a value sets, `null` clears, absence keeps. */
export function readTaskParams(
  body: Partial<Record<BodyField, unknown>>,
  current: Record<string, unknown> = {},
): Record<string, unknown> {
  const params: Record<string, unknown> = { ...current };
  for (const [field, name] of ENTRIES) {
    const value = body[field];
    if (value === null) delete params[name];
    else if (value !== undefined) params[name] = value;
  }
  return params;
}

/** The job's params as response fields. */
export function toTaskParamFields(params: Record<string, unknown>): Record<BodyField, unknown> {
  return Object.fromEntries(ENTRIES.map(([field, name]) => [field, params[name] ?? null])) as Record<
    BodyField,
    unknown
  >;
}
