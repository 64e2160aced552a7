import { snapshotQuery } from '@chronos/corehub/contract';
import { defineTask } from '../define-task.js';
import { runPerGroupAfterStop } from '../flows.js';
import {
  countOf,
  describeIds,
  GroupParams,
  PipelineParams,
  requirePipelineAndGroups,
  WriteMethodParams,
} from '../task-input.js';

/** `group_snapshot`: For each group: stops it, waits until its entities settled, then takes a one-time snapshot of the group from scratch (`sync/one-time-snapshot-group?fromScratch=true`). */
export const groupSnapshotTask = defineTask({
  type: 'group_snapshot',
  description:
    'For each group: stops it, waits until its entities settled, then takes a one-time snapshot of the group from scratch (`sync/one-time-snapshot-group?fromScratch=true`).',
  target: 'groups',
  params: PipelineParams.extend(GroupParams.shape).extend(WriteMethodParams.shape),
  requires: (job) => requirePipelineAndGroups('group_snapshot', job),
  execute: async (ctx) => {
    await runPerGroupAfterStop(ctx, 'one-time-snapshot-group', snapshotQuery(ctx.job.snapshotWriteMethod));
    return {
      message: `took a snapshot of ${countOf(ctx.job.groupIds.length, 'group', 'groups')} (${describeIds(ctx.job.groupIds)}) in pipeline ${ctx.job.pipelineId}`,
    };
  },
});
