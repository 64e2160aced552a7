import { findPendingEntities } from '@chronos/corehub/contract';
import { pollUntil } from './poll.js';
import type { TaskContext } from './task-context.js';
import { TASK_FAILURE_CODES, TaskFailedError } from './task-failed-error.js';
import { describeIds } from './task-input.js';
import { readPipeline } from './task-steps.js';

/*
 * Waiting until entities settled before a snapshot or a redo (DESIGN §5). What "settled" means, and how
 * an entities-status answer is read, is the contract's (`isEntitySettled` / `findPendingEntities` of
 * `@chronos/corehub/contract`); this file is the bounded polling loop.
 */

/**
 * Polls `GET /pipelines/{p}/entities-status` every `settlePollIntervalMs` until every entity is settled,
 * giving up after `settleTimeoutMs` of pauses with a retryable TaskFailedError naming the entities still
 * busy. No ids → nothing to wait for. Honours the abort signal (the pause rejects with its reason).
 */
export async function waitUntilSettled(
  ctx: TaskContext,
  entityIds: readonly string[],
  next: string,
): Promise<void> {
  if (entityIds.length === 0) return;
  const { settlePollIntervalMs: intervalMs, settleTimeoutMs: timeoutMs } = ctx.timing;
  await pollUntil(
    ctx,
    { intervalMs, timeoutMs },
    async () => findPendingEntities(await readPipeline(ctx, 'entitiesStatus'), entityIds),
    (pending) => pending.length === 0,
    (pending) =>
      new TaskFailedError(
        `entities ${describeIds(pending)} of pipeline ${ctx.job.pipelineId} were still syncing or migrating ` +
          `after ${timeoutMs / 1000} s; the ${next} was not sent`,
        { code: TASK_FAILURE_CODES.notSettled, retryable: true, meta: { pending } },
      ),
  );
}
