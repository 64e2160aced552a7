import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext, entityStatus } from '../../test/helpers/fake-hub.js';
import { entitySnapshotTask } from './entity-snapshot.js';

describe('entity_snapshot (GSSD-1346: fromScratch, not redo)', () => {
  it('stops each entity, waits until it settled, then snapshots it from scratch', async () => {
    const busy = [entityStatus('e1', { isSyncActive: true }), entityStatus('e2')];
    const idle = [entityStatus('e1'), entityStatus('e2')];
    const { hub, calls } = createFakeHub({ statuses: [busy, idle] });
    const { ctx, sleeps } = createTestContext({
      hub,
      job: { entityIds: ['e1', 'e2'], snapshotWriteMethod: 'INSERT' },
    });
    const result = await entitySnapshotTask.execute(ctx);
    expect(calls).toEqual([
      'POST /pipelines/p1/commands/sync/stop?entity=e1',
      'GET /pipelines/p1/entities-status',
      'GET /pipelines/p1/entities-status',
      'POST /pipelines/p1/commands/sync/one-time-snapshot?entity=e1&snapshotWriteMethod=INSERT&fromScratch=true',
      'POST /pipelines/p1/commands/sync/stop?entity=e2',
      'GET /pipelines/p1/entities-status',
      'POST /pipelines/p1/commands/sync/one-time-snapshot?entity=e2&snapshotWriteMethod=INSERT&fromScratch=true',
    ]);
    expect(sleeps).toEqual([5000, 2000]); // one settle poll pause, one pause between entities
    expect(result.message).toBe('took a snapshot of 2 entities (e1, e2) in pipeline p1');
  });

  it('does not snapshot an entity that never settles', async () => {
    const { hub, calls } = createFakeHub({ statuses: [[entityStatus('e1', { isMigrationActive: true })]] });
    const { ctx } = createTestContext({
      hub,
      timing: { settlePollIntervalMs: 10_000, settleTimeoutMs: 20_000 },
    });
    await expect(entitySnapshotTask.execute(ctx)).rejects.toMatchObject({ code: 'ENTITIES_NOT_SETTLED' });
    expect(calls.filter((call) => call.includes('one-time-snapshot'))).toEqual([]);
    expect(calls.filter((call) => call.includes('entities-status'))).toHaveLength(3);
  });
});
