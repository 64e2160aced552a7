import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext } from '../../test/helpers/fake-hub.js';
import { groupStartTask } from './group-start.js';

describe('group_start', () => {
  it('starts each group with its flags, pausing between groups', async () => {
    const { hub, calls } = createFakeHub();
    const { ctx, sleeps } = createTestContext({
      hub,
      job: { entityIds: [], groupIds: ['g1', '_default'], withSnapshot: true, snapshotWriteMethod: 'INSERT' },
    });
    const result = await groupStartTask.execute(ctx);
    expect(calls).toEqual([
      'POST /pipelines/p1/commands/sync/start-group?groupId=g1&withSnapshot=true&snapshotWriteMethod=INSERT',
      'POST /pipelines/p1/commands/sync/start-group?groupId=_default&withSnapshot=true&snapshotWriteMethod=INSERT',
    ]);
    expect(sleeps).toEqual([2000]);
    expect(result.message).toBe('started sync of 2 groups (g1, _default) in pipeline p1');
  });
});
