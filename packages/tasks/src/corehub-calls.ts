import type { CoreHubRequest, CoreHubResponse, TaskContext } from './task-context.js';

/** `/pipelines/{p}/…` with the pipeline id escaped. */
export function pipelinePath(pipelineId: string, ...segments: string[]): string {
  return `/pipelines/${encodeURIComponent(pipelineId)}${segments.map((segment) => `/${segment}`).join('')}`;
}

/** POST `/pipelines/{p}/commands/{command}` with query parameters and an empty body (DESIGN §5). */
export function sendCommand(
  ctx: TaskContext,
  command: string,
  query?: CoreHubRequest['query'],
): Promise<CoreHubResponse> {
  ctx.signal.throwIfAborted();
  return ctx.hub.send({
    method: 'POST',
    path: pipelinePath(ctx.job.pipelineId, 'commands', ...command.split('/')),
    ...(query ? { query } : {}),
    signal: ctx.signal,
  });
}

/** GET `/pipelines/{p}/{resource}` and answer its body, JSON-parsed when CoreHub sent it as text. */
export async function readPipelineResource(ctx: TaskContext, ...segments: string[]): Promise<unknown> {
  ctx.signal.throwIfAborted();
  const response = await ctx.hub.send({
    method: 'GET',
    path: pipelinePath(ctx.job.pipelineId, ...segments),
    signal: ctx.signal,
  });
  if (typeof response.body !== 'string') return response.body;
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    return response.body;
  }
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
