import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext } from '../../test/helpers/fake-hub.js';
import { entityStopTask } from './entity-stop.js';

describe('entity_stop', () => {
  it('stops each entity with only the entity parameter, pausing between entities', async () => {
    const { hub, calls } = createFakeHub();
    const { ctx, sleeps } = createTestContext({
      hub,
      job: { entityIds: ['e1', 'e2'], withSnapshot: true },
      timing: { entityPauseMs: 750 },
    });
    const result = await entityStopTask.execute(ctx);
    expect(calls).toEqual([
      'POST /pipelines/p1/commands/sync/stop?entity=e1',
      'POST /pipelines/p1/commands/sync/stop?entity=e2',
    ]);
    expect(sleeps).toEqual([750]);
    expect(result.message).toBe('stopped sync of 2 entities (e1, e2) in pipeline p1');
  });

  it('does not pause at all when the pause is zero', async () => {
    const { hub } = createFakeHub();
    const { ctx, sleeps } = createTestContext({
      hub,
      job: { entityIds: ['e1', 'e2'] },
      timing: { entityPauseMs: 0 },
    });
    await entityStopTask.execute(ctx);
    expect(sleeps).toEqual([]);
  });
});
