import { defineTask } from '../define-task.js';
import { runPerGroup } from '../flows.js';
import {
  countOf,
  describeIds,
  GroupParams,
  PipelineParams,
  requirePipelineAndGroups,
} from '../task-input.js';

/** `group_stop`: Stops the sync of each group (`sync/stop-group?groupId=`), pausing between groups. */
export const groupStopTask = defineTask({
  type: 'group_stop',
  description: 'Stops the sync of each group (`sync/stop-group?groupId=`), pausing between groups.',
  target: 'groups',
  params: PipelineParams.extend(GroupParams.shape),
  requires: (job) => requirePipelineAndGroups('group_stop', job),
  execute: async (ctx) => {
    await runPerGroup(ctx, 'stop-group');
    return {
      message: `stopped sync of ${countOf(ctx.job.groupIds.length, 'group', 'groups')} (${describeIds(ctx.job.groupIds)}) in pipeline ${ctx.job.pipelineId}`,
    };
  },
});
