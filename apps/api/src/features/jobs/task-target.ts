import type { FieldIssue } from '@chronos/errors';
import type { ChainedEvent, ChainedEventInput, SnapshotWriteMethod, TaskTarget } from '@chronos/jobs';
import type { TaskParams } from '@chronos/tasks';
import { createValidationError } from '../../http/validate.js';
import type { ChainedEventBody, ChainedEventResponse } from './jobs.schemas.js';
import { readTaskParams, toTaskParamFields } from './task-params.js';
import { findTaskIssues } from './task-rules.js';

/**
 * A task target (`TaskTarget` of `@chronos/jobs`) between the API's snake_case fields (`TASK_TARGET_FIELDS`
 * of `jobs.schemas.ts`) and the domain: read from a body, checked against the task type's requirements,
 * shown in a response. Jobs, chained events and TriggerFlow events all go through here. `at` says where the
 * target sits in the body, for 422 paths and messages (a flow's `events[i]`, a job's `chained_events[i]`).
 */
export type TargetLocation = { path: string; label: string };

export const BODY_ROOT: TargetLocation = { path: 'body', label: '' };

/** `entity_id` (legacy, one id) or `entity_ids`; both at once is refused. */
export function resolveEntityIds(
  body: { entity_ids?: string[] | null | undefined; entity_id?: string | undefined },
  at: TargetLocation = BODY_ROOT,
): string[] | undefined {
  if (body.entity_id !== undefined && body.entity_ids) {
    throw createValidationError([
      {
        path: `${at.path}.entity_id`,
        message: `give either ${at.label}entity_id or ${at.label}entity_ids, not both`,
      },
    ]);
  }
  if (body.entity_id !== undefined) return [body.entity_id];
  if (body.entity_ids === null) return [];
  return body.entity_ids;
}

/** What the target's task type requires and the target lacks, as issues at `at`. */
export function findTargetIssues(
  target: Pick<TaskTarget, 'taskType' | 'pipelineId' | 'entityIds' | 'groupIds' | 'taskParams'>,
  at: TargetLocation = BODY_ROOT,
): FieldIssue[] {
  // The body's schemas are the task params' own, so what reaches here has their shape.
  return findTaskIssues(target.taskType, { ...target, taskParams: target.taskParams as TaskParams }, at);
}

/** Throws a 422 naming each field the target's task type still needs. */
export function assertTaskTarget(
  target: Pick<TaskTarget, 'taskType' | 'pipelineId' | 'entityIds' | 'groupIds' | 'taskParams'>,
  at: TargetLocation = BODY_ROOT,
): void {
  const issues = findTargetIssues(target, at);
  if (issues.length > 0) throw createValidationError(issues);
}

type TargetBody = {
  task_type: string;
  pipeline_id: string;
  entity_ids?: string[] | null | undefined;
  entity_id?: string | undefined;
  group_ids?: string[] | null | undefined;
  with_snapshot: boolean;
  snapshot_write_method: SnapshotWriteMethod;
} & Record<string, unknown>;

/** The target a body whose defaults are applied names (create, or an event that replaces all), unchecked. */
function toTaskTarget(body: TargetBody, at: TargetLocation): TaskTarget {
  return {
    taskType: body.task_type,
    pipelineId: body.pipeline_id,
    entityIds: resolveEntityIds(body, at) ?? [],
    groupIds: body.group_ids ?? [],
    withSnapshot: body.with_snapshot,
    snapshotWriteMethod: body.snapshot_write_method,
    taskParams: readTaskParams(body as Record<string, unknown>),
  };
}

/** A complete task target from a defaulted body, checked: a 422 names what its task type still needs. */
export function readTaskTarget(body: TargetBody, at: TargetLocation = BODY_ROOT): TaskTarget {
  const target = toTaskTarget(body, at);
  assertTaskTarget(target, at);
  return target;
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

/**
 * A body's chained events, in order, each checked like a job; every event's issues in one 422 (naming
 * `body.chained_events.<i>.<field>`).
 */
export function readChainedEvents(bodies: readonly ChainedEventBody[]): ChainedEventInput[] {
  const issues: FieldIssue[] = [];
  const events = bodies.map((body, index) => {
    const at = { path: `body.chained_events.${index}`, label: `chained_events[${index}].` };
    const target = toTaskTarget(body as TargetBody, at);
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
