import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext, entityStatus } from '../../test/helpers/fake-hub.js';
import { groupRedoTask } from './group-redo.js';

describe('group_redo', () => {
  it('stops the group, waits for its entities, then posts redo-group with groupId and withSnapshot=true', async () => {
    const { hub, calls } = createFakeHub({
      configEntities: [{ id: 'a1', groupId: 'ga' }],
      statuses: [[entityStatus('a1', { isMigrationActive: true })], [entityStatus('a1')]],
    });
    const { ctx, sleeps } = createTestContext({
      hub,
      job: { groupIds: ['ga'], withSnapshot: false, snapshotWriteMethod: 'INSERT' },
    });
    const result = await groupRedoTask.execute(ctx);
    expect(calls).toEqual([
      'POST /pipelines/p1/commands/sync/stop-group?groupId=ga',
      'GET /pipelines/p1/config/entities',
      'GET /pipelines/p1/entities-status',
      'GET /pipelines/p1/entities-status',
      'POST /pipelines/p1/commands/sync/redo-group?groupId=ga&withSnapshot=true&snapshotWriteMethod=INSERT',
    ]);
    expect(sleeps).toEqual([5000]);
    expect(result.message).toBe('redid sync of 1 group (ga) in pipeline p1');
  });

  it('does not redo a group whose entities never settle, nor the groups after it', async () => {
    const { hub, calls } = createFakeHub({
      configEntities: [{ entityId: 'a1', groupId: 'ga' }],
      statuses: [[entityStatus('a1', { isSyncActive: true })]],
    });
    const { ctx } = createTestContext({
      hub,
      job: { groupIds: ['ga', 'gb'] },
      timing: { settleTimeoutMs: 0 },
    });
    await expect(groupRedoTask.execute(ctx)).rejects.toThrow(/entities a1 of pipeline p1/);
    expect(calls.some((call) => call.includes('redo-group') || call.includes('groupId=gb'))).toBe(false);
  });
});
