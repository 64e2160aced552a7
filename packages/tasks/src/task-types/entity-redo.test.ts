import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext, entityStatus, FakeHubError } from '../../test/helpers/fake-hub.js';
import { entityRedoTask } from './entity-redo.js';

describe('entity_redo (reference test_pause_before_redo)', () => {
  it('stops the entity, holds until settled, then redoes it with withSnapshot=true and the write method', async () => {
    const { hub, calls } = createFakeHub({
      statuses: [[entityStatus('e1', { isSyncActive: true })], { entities: [entityStatus('e1')] }],
    });
    const { ctx } = createTestContext({ hub, job: { snapshotWriteMethod: 'INSERT', withSnapshot: false } });
    const result = await entityRedoTask.execute(ctx);
    expect(calls).toEqual([
      'POST /pipelines/p1/commands/sync/stop?entity=e1',
      'GET /pipelines/p1/entities-status',
      'GET /pipelines/p1/entities-status',
      'POST /pipelines/p1/commands/sync/redo?entity=e1&withSnapshot=true&snapshotWriteMethod=INSERT',
    ]);
    expect(result.message).toBe('redid sync of 1 entity (e1) in pipeline p1');
  });

  it('treats an entity in error as settled', async () => {
    const { hub, calls } = createFakeHub({
      statuses: [
        [entityStatus('e1', { isSyncActive: true, errorState: { severity: 'ERROR', message: 'x' } })],
      ],
    });
    const { ctx } = createTestContext({ hub });
    await entityRedoTask.execute(ctx);
    expect(calls.at(-1)).toContain('/commands/sync/redo?entity=e1');
  });

  it('aborts without a redo when the stop fails', async () => {
    const refused = new FakeHubError(409, false, 'entity is locked');
    const { hub, calls } = createFakeHub({
      failWith: (call) => (call.includes('sync/stop') ? refused : undefined),
    });
    const { ctx } = createTestContext({ hub });
    await expect(entityRedoTask.execute(ctx)).rejects.toBe(refused);
    expect(calls).toEqual(['POST /pipelines/p1/commands/sync/stop?entity=e1']);
  });

  it('aborts without a redo when holding times out', async () => {
    const { hub, calls } = createFakeHub({ statuses: [[]] }); // entity missing = pending
    const { ctx } = createTestContext({ hub, timing: { settlePollIntervalMs: 5000, settleTimeoutMs: 5000 } });
    await expect(entityRedoTask.execute(ctx)).rejects.toThrow(/e1 of pipeline p1 were still syncing/);
    expect(calls.some((call) => call.includes('sync/redo'))).toBe(false);
  });
});
