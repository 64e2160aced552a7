import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext, entityStatus } from '../../test/helpers/fake-hub.js';
import { pipelineSnapshotTask } from './pipeline-snapshot.js';

describe('pipeline_snapshot', () => {
  it('stops the pipeline, settles the entities CoreHub lists, then snapshots from scratch', async () => {
    const { hub, calls } = createFakeHub({
      pipelineEntities: [{ entity: { entityId: 'e1', groupId: '_default' } }, { entity: { entityId: 'e2' } }],
      statuses: [
        [entityStatus('e1'), entityStatus('e2', { isSyncActive: true })],
        [entityStatus('e1'), entityStatus('e2')],
      ],
    });
    const { ctx, sleeps } = createTestContext({ hub, job: { entityIds: [], snapshotWriteMethod: 'INSERT' } });
    const result = await pipelineSnapshotTask.execute(ctx);
    expect(calls).toEqual([
      'POST /pipelines/p1/commands/sync/stop',
      'GET /pipelines/p1/entities',
      'GET /pipelines/p1/entities-status',
      'GET /pipelines/p1/entities-status',
      'POST /pipelines/p1/commands/sync/one-time-snapshot?snapshotWriteMethod=INSERT&fromScratch=true',
    ]);
    expect(sleeps).toEqual([5000]);
    expect(result.message).toBe('took a snapshot of pipeline p1 (2 entities settled first)');
  });

  it('goes ahead without waiting when CoreHub lists no entities', async () => {
    const { hub, calls } = createFakeHub({ pipelineEntities: [] });
    const { ctx } = createTestContext({ hub });
    await pipelineSnapshotTask.execute(ctx);
    expect(calls).toEqual([
      'POST /pipelines/p1/commands/sync/stop',
      'GET /pipelines/p1/entities',
      'POST /pipelines/p1/commands/sync/one-time-snapshot?snapshotWriteMethod=UPSERT&fromScratch=true',
    ]);
  });
});
