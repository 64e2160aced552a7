import {
  buildQueryStudioExecuteRequest,
  buildSavedQueryRequest,
  isFailedQueryResult,
  readResponseBody,
  readSavedQuery,
} from '@chronos/corehub/contract';
import { defineTask } from '../define-task.js';
import type { TaskContext } from '../task-context.js';
import { TASK_FAILURE_CODES, TaskFailedError } from '../task-failed-error.js';
import { PipelineParams, requireParams, requirePipeline, TaskParamsParams } from '../task-input.js';
import { callHub } from '../task-steps.js';

/**
 * The SQL and agent to run: a saved query's live copy wins over the job's (the reference's rule); when
 * CoreHub cannot answer for the saved query, the job's copy is used.
 */
async function resolveQuery(ctx: TaskContext): Promise<{ sql?: string; agentId?: string }> {
  const { savedQueryId, querySql, agentId } = ctx.job.taskParams;
  const own = { sql: querySql, agentId };
  if (savedQueryId === undefined) return own;
  try {
    const live = readSavedQuery(readResponseBody(await callHub(ctx, buildSavedQueryRequest(savedQueryId))));
    return { sql: live.sql ?? own.sql, agentId: live.agentId ?? own.agentId };
  } catch (error) {
    ctx.signal.throwIfAborted();
    ctx.logger.warn({ err: error, savedQueryId }, 'saved query unreadable; running the job’s own SQL');
    return own;
  }
}

/** `query_studio`: runs SQL (or a saved query) through a Query Studio agent of the pipeline. */
export const queryStudioTask = defineTask({
  type: 'query_studio',
  description:
    'Runs `query_sql` (or the saved query `saved_query_id`, whose live SQL wins) through the Query Studio agent `agent_id` of the pipeline.',
  target: 'pipeline',
  params: PipelineParams.extend(TaskParamsParams.shape),
  requires: (job) => [
    ...requirePipeline('query_studio', job),
    ...requireParams('query_studio', job, 'agentId', ['querySql', 'savedQueryId']),
  ],
  execute: async (ctx) => {
    const { sql, agentId } = await resolveQuery(ctx);
    const where = `saved query ${ctx.job.taskParams.savedQueryId}`;
    if (sql === undefined || agentId === undefined) {
      throw new TaskFailedError(`query_studio has no SQL to run: ${where} has none and the job none`, {
        code: TASK_FAILURE_CODES.invalidInput,
        retryable: false,
      });
    }
    const readOnly = ctx.job.taskParams.queryReadOnly ?? true;
    const response = await callHub(
      ctx,
      buildQueryStudioExecuteRequest(ctx.job.pipelineId, agentId, sql, readOnly),
    );
    if (isFailedQueryResult(readResponseBody(response))) {
      throw new TaskFailedError(`Query Studio reported a failed query: ${response.text.slice(0, 500)}`, {
        code: TASK_FAILURE_CODES.runFailed,
        retryable: false,
      });
    }
    return {
      message: `ran ${readOnly ? 'read-only ' : ''}query through agent ${agentId} of pipeline ${ctx.job.pipelineId}`,
    };
  },
});
