import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext, FakeHubError } from '../../test/helpers/fake-hub.js';
import { pipelineStopTask } from './pipeline-stop.js';

describe('pipeline_stop', () => {
  it('stops the whole pipeline with no query parameters', async () => {
    const { hub, calls } = createFakeHub();
    const { ctx } = createTestContext({ hub, job: { entityIds: [] } });
    expect(await pipelineStopTask.execute(ctx)).toEqual({ message: 'stopped sync of pipeline p1' });
    expect(calls).toEqual(['POST /pipelines/p1/commands/sync/stop']);
  });

  it('propagates a 404 for an unknown pipeline', async () => {
    const missing = new FakeHubError(404, false, 'pipeline not found');
    const { hub } = createFakeHub({ failWith: () => missing });
    const { ctx } = createTestContext({ hub });
    await expect(pipelineStopTask.execute(ctx)).rejects.toBe(missing);
  });
});
