import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext, entityStatus } from '../test/helpers/fake-hub.js';
import { waitUntilSettled } from './settle.js';
import { TaskFailedError } from './task-failed-error.js';

describe('waitUntilSettled', () => {
  it('does not poll when there is nothing to wait for', async () => {
    const { hub, calls } = createFakeHub();
    const { ctx } = createTestContext({ hub });
    await waitUntilSettled(ctx, [], 'sync/redo');
    expect(calls).toEqual([]);
  });

  it('returns after one poll when the entities already hold', async () => {
    const { hub, calls } = createFakeHub({ statuses: [[entityStatus('e1')]] });
    const { ctx, sleeps } = createTestContext({ hub });
    await waitUntilSettled(ctx, ['e1'], 'sync/redo');
    expect(calls).toEqual(['GET /pipelines/p1/entities-status']);
    expect(sleeps).toEqual([]);
  });

  it('polls every settlePollIntervalMs until they hold', async () => {
    const busy = [entityStatus('e1', { isSyncActive: true })];
    const { hub, calls } = createFakeHub({ statuses: [busy, busy, '[{"entityId":"e1"}]'] });
    const { ctx, sleeps } = createTestContext({ hub, timing: { settlePollIntervalMs: 250 } });
    await waitUntilSettled(ctx, ['e1'], 'sync/redo');
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([250, 250]);
  });

  it('gives up after settleTimeoutMs with a retryable error naming the busy entities', async () => {
    const { hub, calls } = createFakeHub({
      statuses: [[entityStatus('e1'), entityStatus('e2', { isMigrationActive: true })]],
    });
    const { ctx, sleeps } = createTestContext({
      hub,
      timing: { settlePollIntervalMs: 5000, settleTimeoutMs: 60_000 },
    });
    const error = await waitUntilSettled(ctx, ['e1', 'e2'], 'sync/redo').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({
      code: 'ENTITIES_NOT_SETTLED',
      retryable: true,
      message:
        'entities e2 of pipeline p1 were still syncing or migrating after 60 s; the sync/redo was not sent',
    });
    expect(calls).toHaveLength(13); // at 0, 5, …, 60 s
    expect(sleeps).toHaveLength(12);
  });

  it('polls once when the interval is zero', async () => {
    const { hub, calls } = createFakeHub({ statuses: [[]] });
    const { ctx } = createTestContext({ hub, timing: { settlePollIntervalMs: 0, settleTimeoutMs: 1000 } });
    await expect(waitUntilSettled(ctx, ['e1'], 'sync/redo')).rejects.toThrow(/still syncing/);
    expect(calls).toHaveLength(1);
  });

  it('stops polling as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const { hub, calls } = createFakeHub({
      statuses: [[entityStatus('e1', { isSyncActive: true })]],
      onCall: (call) => {
        if (call.endsWith('entities-status')) controller.abort(new Error('execution timed out'));
      },
    });
    const { ctx } = createTestContext({ hub, signal: controller.signal });
    await expect(waitUntilSettled(ctx, ['e1'], 'sync/redo')).rejects.toThrow('execution timed out');
    expect(calls).toEqual(['GET /pipelines/p1/entities-status']);
  });
});
