import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext } from '../../test/helpers/fake-hub.js';
import { pipelineStartTask } from './pipeline-start.js';

describe('pipeline_start', () => {
  it('starts the whole pipeline with the job’s write method (reference gap 15 fixed)', async () => {
    const { hub, calls } = createFakeHub();
    const { ctx } = createTestContext({
      hub,
      job: { entityIds: ['ignored'], withSnapshot: true, snapshotWriteMethod: 'INSERT' },
    });
    const result = await pipelineStartTask.execute(ctx);
    expect(calls).toEqual([
      'POST /pipelines/p1/commands/sync/start?withSnapshot=true&snapshotWriteMethod=INSERT',
    ]);
    expect(result.message).toBe('started sync of pipeline p1');
  });

  it('sends withSnapshot=false when the job does not ask for a snapshot', async () => {
    const { hub, calls } = createFakeHub();
    const { ctx } = createTestContext({ hub, job: { entityIds: [] } });
    await pipelineStartTask.execute(ctx);
    expect(calls).toEqual([
      'POST /pipelines/p1/commands/sync/start?withSnapshot=false&snapshotWriteMethod=UPSERT',
    ]);
  });
});
