import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext, FakeHubError } from '../../test/helpers/fake-hub.js';
import { entityStartTask } from './entity-start.js';

describe('entity_start', () => {
  it('starts each entity with the job’s snapshot flag and write method, pausing between entities only', async () => {
    const { hub, calls } = createFakeHub();
    const { ctx, sleeps } = createTestContext({
      hub,
      job: { entityIds: ['e1', 'e2', 'e3'], withSnapshot: true, snapshotWriteMethod: 'INSERT' },
    });
    const result = await entityStartTask.execute(ctx);
    expect(calls).toEqual([
      'POST /pipelines/p1/commands/sync/start?entity=e1&withSnapshot=true&snapshotWriteMethod=INSERT',
      'POST /pipelines/p1/commands/sync/start?entity=e2&withSnapshot=true&snapshotWriteMethod=INSERT',
      'POST /pipelines/p1/commands/sync/start?entity=e3&withSnapshot=true&snapshotWriteMethod=INSERT',
    ]);
    expect(sleeps).toEqual([2000, 2000]);
    expect(result.message).toBe('started sync of 3 entities (e1, e2, e3) in pipeline p1');
  });

  it('sends withSnapshot=false, escapes the pipeline id and does not pause for one entity', async () => {
    const { hub, calls, requests } = createFakeHub();
    const { ctx, sleeps } = createTestContext({ hub, job: { pipelineId: 'p 1/x' } });
    const result = await entityStartTask.execute(ctx);
    expect(calls).toEqual([
      'POST /pipelines/p%201%2Fx/commands/sync/start?entity=e1&withSnapshot=false&snapshotWriteMethod=UPSERT',
    ]);
    expect(requests[0]?.signal).toBe(ctx.signal);
    expect(sleeps).toEqual([]);
    expect(result.message).toBe('started sync of 1 entity (e1) in pipeline p 1/x');
  });

  it('lets a CoreHub error through unchanged and stops there', async () => {
    const unavailable = new FakeHubError(503, true, 'agent offline');
    const { hub, calls } = createFakeHub({
      failWith: (call) => (call.includes('entity=e2') ? unavailable : undefined),
    });
    const { ctx } = createTestContext({ hub, job: { entityIds: ['e1', 'e2', 'e3'] } });
    await expect(entityStartTask.execute(ctx)).rejects.toBe(unavailable);
    expect(calls).toHaveLength(2);
  });

  it('stops between entities when the signal aborts during a pause', async () => {
    const controller = new AbortController();
    const { hub, calls } = createFakeHub({ onCall: () => controller.abort(new Error('shutting down')) });
    const { ctx } = createTestContext({ hub, job: { entityIds: ['e1', 'e2'] }, signal: controller.signal });
    await expect(entityStartTask.execute(ctx)).rejects.toThrow('shutting down');
    expect(calls).toHaveLength(1);
  });
});
