import { redoQuery } from '@chronos/corehub/contract';
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

/** `group_redo`: For each group: stops it, waits until its entities settled, then restarts the group's sync with a new snapshot (`sync/redo-group?withSnapshot=true`). */
export const groupRedoTask = defineTask({
  type: 'group_redo',
  description:
    "For each group: stops it, waits until its entities settled, then restarts the group's sync with a new snapshot (`sync/redo-group?withSnapshot=true`).",
  target: 'groups',
  params: PipelineParams.extend(GroupParams.shape).extend(WriteMethodParams.shape),
  requires: (job) => requirePipelineAndGroups('group_redo', job),
  execute: async (ctx) => {
    await runPerGroupAfterStop(ctx, 'redo-group', redoQuery(ctx.job.snapshotWriteMethod));
    return {
      message: `redid sync of ${countOf(ctx.job.groupIds.length, 'group', 'groups')} (${describeIds(ctx.job.groupIds)}) in pipeline ${ctx.job.pipelineId}`,
    };
  },
});
