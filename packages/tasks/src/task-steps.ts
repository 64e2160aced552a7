import {
  buildMaintenanceCommandRequest,
  buildPipelineReadRequest,
  buildSyncCommandRequest,
  type CoreHubRequest,
  type CoreHubResponse,
  type MaintenanceCommand,
  type PipelineRead,
  readResponseBody,
  type SyncCommand,
  type SyncCommandQuery,
} from '@chronos/corehub/contract';
import type { z } from 'zod';
import type { TaskContext } from './task-context.js';
import { TASK_FAILURE_CODES, TaskFailedError } from './task-failed-error.js';

/*
 * The steps every task is made of: one CoreHub call of this attempt (refused once the signal aborted, and
 * cancelled with it), and the pause between targets. Paths, queries and readers are the contract's.
 */

/** Sends `req` through the task's port with the attempt's signal. */
export function callHub(ctx: TaskContext, req: CoreHubRequest): Promise<CoreHubResponse> {
  ctx.signal.throwIfAborted();
  return ctx.hub.send({ ...req, signal: ctx.signal });
}

/** `POST /pipelines/{p}/commands/sync/{command}?…` for the job's pipeline. */
export function sendSyncCommand(
  ctx: TaskContext,
  command: SyncCommand,
  query?: SyncCommandQuery,
): Promise<CoreHubResponse> {
  return callHub(ctx, buildSyncCommandRequest(ctx.job.pipelineId, command, query));
}

/** `POST /pipelines/{p}/commands/maintenance/{enter|exit}` for the job's pipeline. */
export function sendMaintenanceCommand(
  ctx: TaskContext,
  command: MaintenanceCommand,
): Promise<CoreHubResponse> {
  return callHub(ctx, buildMaintenanceCommandRequest(ctx.job.pipelineId, command));
}

/** `GET` one of the job's pipeline resources; its body, JSON-parsed when CoreHub sent it as text. */
export async function readPipeline(ctx: TaskContext, read: PipelineRead): Promise<unknown> {
  return readResponseBody(await callHub(ctx, buildPipelineReadRequest(ctx.job.pipelineId, read)));
}

/**
 * Runs `step` for each target in order with `entityPauseMs` between two of them (not after the last): the
 * reference's ENTITY_START_TIMEOUT, kept so CoreHub's agents are not flooded. Stops at the first failure;
 * the error propagates unchanged.
 */
export async function forEachTarget(
  ctx: TaskContext,
  targets: readonly string[],
  step: (target: string) => Promise<void>,
): Promise<void> {
  for (const [index, target] of targets.entries()) {
    if (index > 0 && ctx.timing.entityPauseMs > 0) await ctx.sleep(ctx.timing.entityPauseMs, ctx.signal);
    ctx.signal.throwIfAborted();
    await step(target);
  }
}

/** Sends `req` and reads its 2xx body with `schema`; an unreadable body is a non-retryable TaskFailedError. */
export async function callHubFor<S extends z.ZodType>(
  ctx: TaskContext,
  req: CoreHubRequest,
  schema: S,
): Promise<z.output<S>> {
  const response = await callHub(ctx, req);
  const parsed = schema.safeParse(readResponseBody(response));
  if (parsed.success) return parsed.data;
  throw new TaskFailedError(
    `CoreHub answered ${req.method} ${req.path} with ${response.status} but a body Chronos cannot read: ` +
      response.text.slice(0, 200),
    { code: TASK_FAILURE_CODES.unreadableReply, retryable: false },
  );
}
