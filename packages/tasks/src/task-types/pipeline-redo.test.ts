import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext, entityStatus } from '../../test/helpers/fake-hub.js';
import { pipelineRedoTask } from './pipeline-redo.js';

describe('pipeline_redo', () => {
  it('stops, reads entity ids in any listed shape, settles them, then redoes with withSnapshot=true', async () => {
    const { hub, calls } = createFakeHub({
      pipelineEntities: {
        entities: [{ entity: { entityId: 'e1' } }, { id: 'e2' }, { entity: { entityId: 'e1' } }],
      },
      statuses: [{ statuses: [entityStatus('e1'), { id: 'e2', isSyncActive: false }] }],
    });
    const { ctx } = createTestContext({ hub, job: { withSnapshot: false } });
    const result = await pipelineRedoTask.execute(ctx);
    expect(calls).toEqual([
      'POST /pipelines/p1/commands/sync/stop',
      'GET /pipelines/p1/entities',
      'GET /pipelines/p1/entities-status',
      'POST /pipelines/p1/commands/sync/redo?withSnapshot=true&snapshotWriteMethod=UPSERT',
    ]);
    expect(result.message).toBe('redid sync of pipeline p1 (2 entities settled first)');
  });

  it('does not redo when the entities never settle', async () => {
    const { hub, calls } = createFakeHub({
      pipelineEntities: [{ entity: { entityId: 'e1' } }],
      statuses: [[entityStatus('e1', { isSyncActive: true })]],
    });
    const { ctx } = createTestContext({ hub, timing: { settlePollIntervalMs: 1000, settleTimeoutMs: 3000 } });
    await expect(pipelineRedoTask.execute(ctx)).rejects.toMatchObject({
      code: 'ENTITIES_NOT_SETTLED',
      retryable: true,
    });
    expect(calls.filter((call) => call.includes('entities-status'))).toHaveLength(4);
    expect(calls.some((call) => call.includes('sync/redo'))).toBe(false);
  });
});
