import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext, entityStatus } from '../../test/helpers/fake-hub.js';
import { groupSnapshotTask } from './group-snapshot.js';

const CONFIG = [
  { entityId: 'a1', groupId: 'ga' },
  { entityId: 'a2', groupId: 'ga' },
  { entity: { entityId: 'b1', groupId: 'gb' } },
  { entityId: 'c1', groupId: 'gc' },
];

describe('group_snapshot', () => {
  it('per group: stop-group, settle only that group’s entities, then snapshot the group from scratch', async () => {
    const { hub, calls } = createFakeHub({
      configEntities: CONFIG,
      statuses: [
        [
          entityStatus('a1'),
          entityStatus('a2'),
          entityStatus('b1'),
          entityStatus('c1', { isSyncActive: true }),
        ],
      ],
    });
    const { ctx, sleeps } = createTestContext({
      hub,
      job: { groupIds: ['ga', 'gb'], snapshotWriteMethod: 'INSERT' },
    });
    const result = await groupSnapshotTask.execute(ctx);
    expect(calls).toEqual([
      'POST /pipelines/p1/commands/sync/stop-group?groupId=ga',
      'GET /pipelines/p1/config/entities',
      'GET /pipelines/p1/entities-status',
      'POST /pipelines/p1/commands/sync/one-time-snapshot-group?groupId=ga&snapshotWriteMethod=INSERT&fromScratch=true',
      'POST /pipelines/p1/commands/sync/stop-group?groupId=gb',
      'GET /pipelines/p1/config/entities',
      'GET /pipelines/p1/entities-status',
      'POST /pipelines/p1/commands/sync/one-time-snapshot-group?groupId=gb&snapshotWriteMethod=INSERT&fromScratch=true',
    ]);
    expect(sleeps).toEqual([2000]);
    expect(result.message).toBe('took a snapshot of 2 groups (ga, gb) in pipeline p1');
  });

  it('snapshots a group without entities without polling', async () => {
    const { hub, calls } = createFakeHub({ configEntities: { entities: CONFIG } });
    const { ctx } = createTestContext({ hub, job: { groupIds: ['empty'] } });
    await groupSnapshotTask.execute(ctx);
    expect(calls).toEqual([
      'POST /pipelines/p1/commands/sync/stop-group?groupId=empty',
      'GET /pipelines/p1/config/entities',
      'POST /pipelines/p1/commands/sync/one-time-snapshot-group?groupId=empty&snapshotWriteMethod=UPSERT&fromScratch=true',
    ]);
  });
});
