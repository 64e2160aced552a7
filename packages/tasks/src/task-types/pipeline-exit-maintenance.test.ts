import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext } from '../../test/helpers/fake-hub.js';
import { pipelineExitMaintenanceTask } from './pipeline-exit-maintenance.js';

describe('pipeline_exit_maintenance', () => {
  it('posts maintenance/exit with no parameters', async () => {
    const { hub, calls } = createFakeHub();
    const { ctx } = createTestContext({ hub, job: { entityIds: [] } });
    expect(await pipelineExitMaintenanceTask.execute(ctx)).toEqual({
      message: 'pipeline p1 left maintenance mode',
    });
    expect(calls).toEqual(['POST /pipelines/p1/commands/maintenance/exit']);
  });

  it('sends nothing once the signal has aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    const { hub, calls } = createFakeHub();
    const { ctx } = createTestContext({ hub, signal: controller.signal });
    await expect(pipelineExitMaintenanceTask.execute(ctx)).rejects.toThrow('cancelled');
    expect(calls).toEqual([]);
  });
});
