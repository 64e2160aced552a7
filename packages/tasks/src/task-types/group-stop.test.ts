import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext } from '../../test/helpers/fake-hub.js';
import { groupStopTask } from './group-stop.js';

describe('group_stop', () => {
  it('stops each group by groupId, never the whole pipeline (reference gap 12)', async () => {
    const { hub, calls } = createFakeHub();
    const { ctx } = createTestContext({ hub, job: { groupIds: ['g1'] } });
    const result = await groupStopTask.execute(ctx);
    expect(calls).toEqual(['POST /pipelines/p1/commands/sync/stop-group?groupId=g1']);
    expect(result.message).toBe('stopped sync of 1 group (g1) in pipeline p1');
  });
});
