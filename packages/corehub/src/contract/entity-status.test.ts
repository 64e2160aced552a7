import { describe, expect, it } from 'vitest';
import { isEntitySettled, normalizeEntityStatus, normalizeEntityStatuses } from './entity-status.js';

function settled(element: Record<string, unknown>): boolean {
  const status = normalizeEntityStatus({ entityId: 'e1', ...element });
  if (!status) throw new Error('not normalised');
  return isEntitySettled(status);
}

describe('isEntitySettled (pause-before-redo rules)', () => {
  it('is settled when idle', () =>
    expect(settled({ isSyncActive: false, isMigrationActive: false })).toBe(true));
  it('is not settled while sync is active', () => expect(settled({ isSyncActive: true })).toBe(false));
  it('is not settled while a migration runs', () => expect(settled({ isMigrationActive: true })).toBe(false));
  it('is settled when the entity is in error, even if syncing', () =>
    expect(settled({ isSyncActive: true, errorState: { severity: 'ERROR', message: 'x' } })).toBe(true));
  it('treats an errorState without severity as an error', () =>
    expect(settled({ isSyncActive: true, errorState: { code: 1 } })).toBe(true));
  it('treats an empty errorState as no error', () =>
    expect(settled({ isSyncActive: true, errorState: {} })).toBe(false));
  it('is settled with a WARNING severity', () =>
    expect(settled({ isSyncActive: true, errorState: { severity: 'WARNING' } })).toBe(true));
  it('is settled with a non-empty warningState', () =>
    expect(settled({ isSyncActive: true, warningState: { lag: 3 } })).toBe(true));
  it('ignores an empty warningState', () =>
    expect(settled({ isSyncActive: true, warningState: {} })).toBe(false));
  it('is settled with status "warning" in any case', () =>
    expect(settled({ isMigrationActive: true, status: 'WARNING' })).toBe(true));
});

describe('normalizeEntityStatuses', () => {
  const element = { isSyncActive: true, isMigrationActive: false };

  it.each(['entityId', 'entityID', 'id', 'entity_id'])('reads the id from %s', (key) => {
    expect(normalizeEntityStatuses([{ [key]: 'e9', ...element }])?.[0]?.entityId).toBe('e9');
  });

  it.each(['entities', 'statuses', 'data', 'items'])('unwraps a list under %s', (key) => {
    expect(normalizeEntityStatuses({ [key]: [{ entityId: 'e1', ...element }] })).toHaveLength(1);
  });

  it('accepts a bare object for one entity', () => {
    expect(normalizeEntityStatuses({ entityId: 'e1', ...element })?.[0]?.isSyncActive).toBe(true);
  });

  it('skips elements without an id and returns null for bodies without a list', () => {
    expect(normalizeEntityStatuses([{ isSyncActive: true }, { entityId: 'e2' }])).toHaveLength(1);
    expect(normalizeEntityStatuses('Accepted')).toBeNull();
    expect(normalizeEntityStatuses({ message: 'nope' })).toBeNull();
  });
});
