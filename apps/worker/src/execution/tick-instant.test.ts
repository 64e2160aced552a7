import { describe, expect, it } from 'vitest';
import { findTickDueMillis } from './tick-instant.js';

describe('findTickDueMillis', () => {
  it('reads the due instant from a BullMQ scheduler job id', () => {
    expect(findTickDueMillis({ id: 'repeat:job-12:1767225600000', opts: {} })).toBe(1767225600000);
  });

  it('reads scheduler ids that themselves contain colons', () => {
    expect(findTickDueMillis({ id: 'repeat:a:b:c:1767225600000', opts: {} })).toBe(1767225600000);
  });

  it('falls back to opts.prevMillis when the id has another shape', () => {
    expect(findTickDueMillis({ id: 'custom-id', opts: { prevMillis: 1767225601000 } })).toBe(1767225601000);
  });

  it('answers undefined for a job that is not a tick', () => {
    expect(findTickDueMillis({ id: 'run-5', opts: {} })).toBeUndefined();
    expect(findTickDueMillis({ opts: { prevMillis: 0 } })).toBeUndefined();
  });
});
