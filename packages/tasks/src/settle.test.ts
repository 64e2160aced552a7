import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext, entityStatus } from '../test/helpers/fake-hub.js';
import { findPendingEntities, isEntitySettled, waitUntilSettled } from './settle.js';
import { TaskFailedError } from './task-failed-error.js';

describe('isEntitySettled (reference test_pause_before_redo)', () => {
  it.each([
    ['idle', entityStatus('e1'), true],
    ['sync active', entityStatus('e1', { isSyncActive: true }), false],
    ['migration active', entityStatus('e1', { isMigrationActive: true }), false],
    ['sync flag as the string "true"', entityStatus('e1', { isSyncActive: 'TRUE' }), false],
    [
      'in error',
      entityStatus('e1', { isSyncActive: true, errorState: { severity: 'ERROR', message: 'x' } }),
      true,
    ],
    ['idle with an empty errorState', entityStatus('e1', { errorState: {} }), true],
    ['active with an empty errorState', entityStatus('e1', { isSyncActive: true, errorState: {} }), false],
    [
      'active with an empty warningState',
      entityStatus('e1', { isSyncActive: true, warningState: '' }),
      false,
    ],
    [
      'with a warningState',
      entityStatus('e1', { isSyncActive: true, warningState: { message: 'lag' } }),
      true,
    ],
    ['with status WARNING', entityStatus('e1', { isSyncActive: true, status: 'WARNING' }), true],
    [
      'with a WARNING errorState even while syncing',
      entityStatus('e1', { isSyncActive: true, errorState: { severity: 'WARNING' } }),
      true,
    ],
    ['not an object', 'idle', false],
    ['null', null, false],
  ])('%s → %s', (_name, status, expected) => {
    expect(isEntitySettled(status)).toBe(expected);
  });
});

describe('findPendingEntities reads every answer shape', () => {
  const busy = { isSyncActive: true };
  it.each([
    ['a list', [entityStatus('e1'), entityStatus('e2', busy)]],
    ['{entities: […]}', { entities: [entityStatus('e1'), entityStatus('e2', busy)] }],
    ['{statuses: […]}', { statuses: [entityStatus('e1'), entityStatus('e2', busy)] }],
    ['{data: […]}', { data: [entityStatus('e1'), entityStatus('e2', busy)] }],
    ['{items: […]}', { items: [entityStatus('e1'), entityStatus('e2', busy)] }],
    [
      'id keys entityID, id, entity_id',
      [{ entityID: 'e1' }, { id: 'e2', isSyncActive: true }, { entity_id: 'e3' }],
    ],
  ])('%s', (_name, body) => {
    expect(findPendingEntities(body, ['e1', 'e2'])).toEqual(['e2']);
  });

  it('treats a bare status object as a list of one', () => {
    expect(findPendingEntities(entityStatus('e1'), ['e1'])).toEqual([]);
  });

  it('keeps entities missing from the answer (or an unreadable answer) pending', () => {
    expect(findPendingEntities([entityStatus('e1')], ['e1', 'e9'])).toEqual(['e9']);
    expect(findPendingEntities('Internal error', ['e1'])).toEqual(['e1']);
    expect(findPendingEntities({ message: 'nope' }, ['e1'])).toEqual(['e1']);
  });
});

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
