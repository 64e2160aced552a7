import {
  AI_RUN_FAILED_STATUSES,
  AI_RUN_SUCCEEDED,
  AiRunSchema,
  AiRunStatusSchema,
  buildAiRunRequest,
  buildAiRunStartRequest,
} from '@chronos/corehub/contract';
import { defineTask } from '../define-task.js';
import { pollUntil } from '../poll.js';
import { TASK_FAILURE_CODES, TaskFailedError } from '../task-failed-error.js';
import { requireParams, TaskParamsParams } from '../task-input.js';
import { callHubFor } from '../task-steps.js';

const FAILED: readonly string[] = AI_RUN_FAILED_STATUSES;

/** `ai_agent_run`: starts an AI agent run and waits until it ends. */
export const aiAgentRunTask = defineTask({
  type: 'ai_agent_run',
  description:
    'Starts a run of the AI agent `agent_alias` with `agent_input` and polls it until it succeeds or fails (a run waiting for approval keeps being polled); no pipeline needed.',
  target: 'corehub',
  params: TaskParamsParams,
  requires: (job) => requireParams('ai_agent_run', job, 'agentAlias'),
  execute: async (ctx) => {
    const { agentAlias = '', agentInput, agentVersion, idempotencyKey } = ctx.job.taskParams;
    const started = await callHubFor(
      ctx,
      buildAiRunStartRequest(agentAlias, {
        input: agentInput ?? {},
        ...(agentVersion === undefined ? {} : { agentVersion }),
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        ...(ctx.job.correlationId === undefined ? {} : { correlationId: ctx.job.correlationId }),
      }),
      AiRunSchema,
    );
    const bound = ctx.timing.aiRun;
    const run = await pollUntil(
      ctx,
      bound,
      () => callHubFor(ctx, buildAiRunRequest(started.id), AiRunStatusSchema),
      (answer) => answer.status === AI_RUN_SUCCEEDED || FAILED.includes(answer.status),
      (last) =>
        new TaskFailedError(
          `AI run ${started.id} of agent ${agentAlias} was still ${last.status} after ${bound.timeoutMs / 1000} s`,
          { code: TASK_FAILURE_CODES.runTimedOut, retryable: false, meta: { runId: started.id } },
        ),
    );
    if (run.status !== AI_RUN_SUCCEEDED) {
      const reason = run.error ?? run.message;
      throw new TaskFailedError(
        `AI run ${started.id} of agent ${agentAlias} ended ${run.status}${reason ? `: ${reason}` : ''}`,
        { code: TASK_FAILURE_CODES.runFailed, retryable: false, meta: { runId: started.id } },
      );
    }
    return { message: `AI run ${started.id} of agent ${agentAlias} succeeded` };
  },
});
