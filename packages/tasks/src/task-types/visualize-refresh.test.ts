import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext, FakeHubError } from '../../test/helpers/fake-hub.js';
import { visualizeRefreshTask } from './visualize-refresh.js';

describe('visualize_refresh', () => {
  it('posts the refresh with its parameters and the job id as scheduleId', async () => {
    const { hub, calls, requests } = createFakeHub({
      answers: { 'POST /visualize/refresh': [{ scheduled: true }] },
    });
    const { ctx } = createTestContext({
      hub,
      job: { jobId: 42, pipelineId: '', taskParams: { vizId: 'v1', visualizeParameters: { region: 'eu' } } },
    });
    expect(await visualizeRefreshTask.execute(ctx)).toEqual({
      message: 'visualization v1 refresh scheduled',
    });
    expect(calls).toEqual(['POST /visualize/refresh']);
    expect(requests[0]?.body).toEqual({
      task: 'visualize.refresh',
      vizId: 'v1',
      parameters: { region: 'eu' },
      scheduleId: 42,
    });
  });

  it("lets CoreHub's error through for the worker to classify", async () => {
    const { hub } = createFakeHub({
      failWith: () => new FakeHubError(404, false, 'visualization not found'),
    });
    const { ctx } = createTestContext({ hub, job: { taskParams: { vizId: 'gone' } } });
    await expect(visualizeRefreshTask.execute(ctx)).rejects.toMatchObject({ status: 404, retryable: false });
  });
});
