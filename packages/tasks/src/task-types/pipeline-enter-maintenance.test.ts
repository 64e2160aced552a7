import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext } from '../../test/helpers/fake-hub.js';
import { pipelineEnterMaintenanceTask } from './pipeline-enter-maintenance.js';

describe('pipeline_enter_maintenance', () => {
  it('posts maintenance/enter with no parameters', async () => {
    const { hub, calls } = createFakeHub();
    const { ctx } = createTestContext({ hub, job: { pipelineId: '8aeb9fb6', entityIds: [] } });
    expect(await pipelineEnterMaintenanceTask.execute(ctx)).toEqual({
      message: 'pipeline 8aeb9fb6 entered maintenance mode',
    });
    expect(calls).toEqual(['POST /pipelines/8aeb9fb6/commands/maintenance/enter']);
  });

  it('refuses to run without a pipeline id', async () => {
    const { hub, calls } = createFakeHub();
    const { ctx } = createTestContext({ hub, job: { pipelineId: '' } });
    await expect(pipelineEnterMaintenanceTask.execute(ctx)).rejects.toThrow(
      /requires a pipeline id in pipelineId/,
    );
    expect(calls).toEqual([]);
  });
});
