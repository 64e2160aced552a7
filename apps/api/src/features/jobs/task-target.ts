import type { FieldIssue } from '@chronos/errors';
import type { ChainedEvent, ChainedEventInput, TaskTarget } from '@chronos/jobs';
import type { TaskParams } from '@chronos/tasks';
import { createValidationError } from '../../http/validate.js';
import type { ChainedEventBody, ChainedEventResponse } from './jobs.schemas.js';
import { readTaskParams, toTaskParamFields } from './task-params.js';
import { findTaskIssues } from './task-rules.js';

/**
 * A task target (`TaskTarget` of `@chronos/jobs`) between the API's snake_case fields and the domain: read
 * from a body, checked against the task type's requirements, shown in a response. Jobs, chained events and
 * TriggerFlow events all go through here.
 */

/** `entity_ids`, or the legacy single `entity_id` as a one-element list; undefined when neither is given. */
export function resolveEntityIds(
  body: { entity_ids?: string[] | null | undefined; entity_id?: string | undefined },
  at = 'body',
): string[] | undefined {
  if (body.entity_id !== undefined && body.entity_ids) {
    throw createValidationError([
      { path: `${at}.entity_id`, message: 'give either entity_id or entity_ids, not both' },
    ]);
  }
  if (body.entity_id !== undefined) return [body.entity_id];
  if (body.entity_ids === null) return [];
  return body.entity_ids;
}

type TargetBody = Pick<
  ChainedEventBody,
  | 'task_type'
  | 'pipeline_id'
  | 'entity_ids'
  | 'entity_id'
  | 'group_ids'
  | 'with_snapshot'
  | 'snapshot_write_method'
> &
  Parameters<typeof readTaskParams>[0];

/** The target a (defaulted) body names; `at` is where the body sits, for issue paths. */
export function readTaskTarget(body: TargetBody, at = 'body'): TaskTarget {
  return {
    taskType: body.task_type,
    pipelineId: body.pipeline_id,
    entityIds: resolveEntityIds(body, at) ?? [],
    groupIds: body.group_ids ?? [],
    withSnapshot: body.with_snapshot,
    snapshotWriteMethod: body.snapshot_write_method,
    taskParams: readTaskParams(body),
  };
}

/** What the target's task type requires and the target lacks, as issues at `at`. */
export function findTargetIssues(target: TaskTarget, at = 'body'): FieldIssue[] {
  // The body's schemas are the task params' own, so what reaches here has their shape.
  return findTaskIssues(target.taskType, { ...target, taskParams: target.taskParams as TaskParams }, at);
}

/** The target's response fields. */
export function toTaskTargetFields(target: TaskTarget) {
  return {
    task_type: target.taskType,
    pipeline_id: target.pipelineId,
    entity_ids: target.entityIds,
    group_ids: target.groupIds,
    with_snapshot: target.withSnapshot,
    snapshot_write_method: target.snapshotWriteMethod,
    ...toTaskParamFields(target.taskParams),
  };
}

/** A body's chained events, in order, each checked like a job (422 naming `body.chained_events.<i>.<field>`). */
export function readChainedEvents(bodies: readonly ChainedEventBody[]): ChainedEventInput[] {
  const issues: FieldIssue[] = [];
  const events = bodies.map((body, index) => {
    const at = `body.chained_events.${index}`;
    const target = readTaskTarget(body, at);
    issues.push(...findTargetIssues(target, at));
    return {
      ...target,
      executionMode: body.execution_mode,
      webhookTimeoutSeconds: body.webhook_timeout_seconds,
    };
  });
  if (issues.length > 0) throw createValidationError(issues);
  return events;
}

export function toChainedEventResponse(event: ChainedEvent): ChainedEventResponse {
  return {
    id: event.id,
    parent_job_id: event.parentJobId,
    position: event.position,
    ...(toTaskTargetFields(event) as Omit<
      ChainedEventResponse,
      'id' | 'parent_job_id' | 'position' | 'execution_mode' | 'webhook_timeout_seconds'
    >),
    execution_mode: event.executionMode,
    webhook_timeout_seconds: event.webhookTimeoutSeconds,
  };
}
