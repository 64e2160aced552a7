import { startQuery } from '@chronos/corehub/contract';
import { defineTask } from '../define-task.js';
import { runPerGroup } from '../flows.js';
import {
  countOf,
  describeIds,
  GroupParams,
  PipelineParams,
  requirePipelineAndGroups,
  WithSnapshotParams,
  WriteMethodParams,
} from '../task-input.js';

/** `group_start`: Starts the sync of each group (`sync/start-group?groupId=`), with or without an initial snapshot, pausing between groups. */
export const groupStartTask = defineTask({
  type: 'group_start',
  description:
    'Starts the sync of each group (`sync/start-group?groupId=`), with or without an initial snapshot, pausing between groups.',
  target: 'groups',
  params: PipelineParams.extend(GroupParams.shape)
    .extend(WithSnapshotParams.shape)
    .extend(WriteMethodParams.shape),
  requires: (job) => requirePipelineAndGroups('group_start', job),
  execute: async (ctx) => {
    await runPerGroup(ctx, 'start-group', startQuery(ctx.job.withSnapshot, ctx.job.snapshotWriteMethod));
    return {
      message: `started sync of ${countOf(ctx.job.groupIds.length, 'group', 'groups')} (${describeIds(ctx.job.groupIds)}) in pipeline ${ctx.job.pipelineId}`,
    };
  },
});
