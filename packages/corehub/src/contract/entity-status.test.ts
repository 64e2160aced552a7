import { describe, expect, it } from 'vitest';
import { findPendingEntities, isEntitySettled } from './entity-status.js';

/** An entities-status record as the simulator sends it, idle unless `state` says otherwise. */
function entityStatus(entityId: string, state: Record<string, unknown> = {}) {
  return {
    entityId,
    isSyncActive: false,
    isMigrationActive: false,
    isBusy: false,
    errorState: null,
    ...state,
  };
}

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
    [
      'in error without a severity',
      entityStatus('e1', { isSyncActive: true, errorState: { code: 1 } }),
      true,
    ],
    ['idle with an empty errorState', entityStatus('e1', { errorState: {} }), true],
    ['active with an empty errorState', entityStatus('e1', { isSyncActive: true, errorState: {} }), false],
    [
      'active with an empty warningState',
      entityStatus('e1', { isSyncActive: true, warningState: '' }),
      false,
    ],
    ['active with a {} warningState', entityStatus('e1', { isSyncActive: true, warningState: {} }), false],
    [
      'with a warningState',
      entityStatus('e1', { isSyncActive: true, warningState: { message: 'lag' } }),
      true,
    ],
    ['with status WARNING', entityStatus('e1', { isSyncActive: true, status: 'WARNING' }), true],
    [
      'migrating with status warning',
      entityStatus('e1', { isMigrationActive: true, status: 'warning' }),
      true,
    ],
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

  it.each(['entityId', 'entityID', 'id', 'entity_id'])('reads the id from %s', (key) => {
    expect(findPendingEntities([{ [key]: 'e9', isSyncActive: true }], ['e9'])).toEqual(['e9']);
    expect(findPendingEntities([{ [key]: 'e9', isSyncActive: false }], ['e9'])).toEqual([]);
  });

  it('treats a bare status object as a list of one', () => {
    expect(findPendingEntities(entityStatus('e1'), ['e1'])).toEqual([]);
    expect(findPendingEntities(entityStatus('e1', { isSyncActive: true }), ['e1'])).toEqual(['e1']);
  });

  it('skips elements without an id', () => {
    expect(findPendingEntities([{ isSyncActive: true }, { entityId: 'e2' }], ['e2'])).toEqual([]);
  });

  it('keeps entities missing from the answer (or an unreadable answer) pending', () => {
    expect(findPendingEntities([entityStatus('e1')], ['e1', 'e9'])).toEqual(['e9']);
    expect(findPendingEntities('Internal error', ['e1'])).toEqual(['e1']);
    expect(findPendingEntities({ message: 'nope' }, ['e1'])).toEqual(['e1']);
  });
});
