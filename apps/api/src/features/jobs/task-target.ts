import type { FlowTaskTarget, SnapshotWriteMethod } from '@chronos/jobs';
import type { TaskParams } from '@chronos/tasks';
import { createValidationError } from '../../http/validate.js';
import { readTaskParams } from './task-params.js';
import { findTaskIssues } from './task-rules.js';

/**
 * The task part of a body (`TASK_TARGET_FIELDS` of `jobs.schemas.ts`) → the domain's task target, and its
 * task-type rules: one mapping for a job and for every event a body nests (a flow's `events[i]`). `at` says
 * where the target sits in the body, for 422 paths and messages.
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

/** Throws a 422 naming each field the target's task type still needs. */
export function assertTaskTarget(
  target: Pick<FlowTaskTarget, 'taskType' | 'pipelineId' | 'entityIds' | 'groupIds' | 'taskParams'>,
  at: TargetLocation = BODY_ROOT,
): void {
  // The body's schemas are the task params' own, so what reaches here has their shape.
  const issues = findTaskIssues(
    target.taskType,
    { ...target, taskParams: target.taskParams as TaskParams },
    at,
  );
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

/** A complete task target from a body whose defaults are applied (create, or an event that replaces all). */
export function readTaskTarget(body: TargetBody, at: TargetLocation = BODY_ROOT): FlowTaskTarget {
  const target: FlowTaskTarget = {
    taskType: body.task_type,
    pipelineId: body.pipeline_id,
    entityIds: resolveEntityIds(body, at) ?? [],
    groupIds: body.group_ids ?? [],
    withSnapshot: body.with_snapshot,
    snapshotWriteMethod: body.snapshot_write_method,
    taskParams: readTaskParams(body as Record<string, unknown>),
  };
  assertTaskTarget(target, at);
  return target;
}
