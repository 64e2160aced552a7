import { z } from 'zod';

/*
 * The free-form inputs of the automation task types (reference §2.2 columns, camelCase), stored as one
 * JSON object with the job. Every field is optional here; each task type's `requires` says which it needs.
 * The API derives its snake_case body fields from this one schema.
 */

const Id = z.string().trim().min(1).max(200);

/** The original's clients may send an object field as a JSON string: read it as the object it encodes. */
function jsonObject<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }, schema);
}

export const TaskParamsSchema = z.strictObject({
  /** query_studio: the Query Studio agent that runs the SQL. */
  agentId: Id.optional(),
  /** query_studio: the SQL (a saved query's live SQL wins). */
  querySql: z.string().trim().min(1).max(100_000).optional(),
  /** query_studio: a saved query whose SQL and agent CoreHub holds. */
  savedQueryId: Id.optional(),
  /** query_studio: sent as `options.readOnly`; default true. */
  queryReadOnly: z.boolean().optional(),
  /** ai_agent_run: the agent's alias. */
  agentAlias: Id.optional(),
  /** ai_agent_run: a pinned agent version. */
  agentVersion: z.number().int().min(1).optional(),
  /** ai_agent_run: the run's input object (default `{}`); a JSON string of one is accepted. */
  agentInput: jsonObject(z.record(z.string(), z.unknown())).optional(),
  /** ai_agent_run: CoreHub dedupes runs with the same key. */
  idempotencyKey: Id.optional(),
  /** entity_validate: reconcile the differences found instead of failing on them. */
  validationReconcile: z.boolean().optional(),
  /** visualize_refresh: the visualization to refresh. */
  vizId: Id.optional(),
  /** visualize_refresh: string parameters of the refresh (nested values are refused); JSON string accepted. */
  visualizeParameters: jsonObject(z.record(z.string(), z.string().max(2000))).optional(),
});
export type TaskParams = z.infer<typeof TaskParamsSchema>;
export type TaskParamName = keyof TaskParams;
