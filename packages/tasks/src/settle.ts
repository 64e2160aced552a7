import { readPipelineResource } from './corehub-calls.js';
import { isRecord, readEntityId, readList, unwrapEntity } from './corehub-shapes.js';
import type { TaskContext } from './task-context.js';
import { TASK_FAILURE_CODES, TaskFailedError } from './task-failed-error.js';
import { describeIds } from './task-input.js';

/*
 * "Settled" (DESIGN §5, reference §4.2 and test_pause_before_redo): an entity may take a snapshot or a redo
 * once it is neither `isSyncActive` nor `isMigrationActive`, or once CoreHub reports it in error or warning
 * (a non-empty `errorState`, whatever its severity; a non-empty `warningState`; `status: "warning"`), since
 * such an entity will not stop by itself. An empty `{}` or `""` state is no error. An entity missing from
 * the answer, or not an object, is still pending.
 */

function hasContent(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return true;
}

function isOn(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** True when one entity-status record allows the next command (see the rule above). */
export function isEntitySettled(status: unknown): boolean {
  if (!isRecord(status)) return false;
  if (hasContent(status.errorState) || hasContent(status.warningState)) return true;
  if (typeof status.status === 'string' && status.status.toLowerCase() === 'warning') return true;
  return !isOn(status.isSyncActive) && !isOn(status.isMigrationActive);
}

/** The ids among `entityIds` that an `entities-status` answer does not show settled, in the given order. */
export function findPendingEntities(body: unknown, entityIds: readonly string[]): string[] {
  const statuses = new Map<string, Record<string, unknown>>();
  for (const item of readList(body)) {
    const status = unwrapEntity(item);
    const id = status ? readEntityId(status) : undefined;
    if (status && id !== undefined) statuses.set(id, status);
  }
  return entityIds.filter((id) => !isEntitySettled(statuses.get(id)));
}

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
  const { settlePollIntervalMs: interval, settleTimeoutMs: timeout } = ctx.timing;
  // Counted in pauses, not read from a clock: the bound is exact and tests need no timers.
  const maxPolls = interval > 0 ? Math.floor(timeout / interval) + 1 : 1;
  for (let poll = 1; ; poll++) {
    const pending = findPendingEntities(await readPipelineResource(ctx, 'entities-status'), entityIds);
    if (pending.length === 0) return;
    if (poll >= maxPolls) {
      throw new TaskFailedError(
        `entities ${describeIds(pending)} of pipeline ${ctx.job.pipelineId} were still syncing or migrating ` +
          `after ${timeout / 1000} s; the ${next} was not sent`,
        { code: TASK_FAILURE_CODES.notSettled, retryable: true, meta: { pending } },
      );
    }
    ctx.logger.debug({ pending: pending.length, poll }, 'waiting for entities to settle');
    await ctx.sleep(interval, ctx.signal);
  }
}
