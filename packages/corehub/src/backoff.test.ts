import { describe, expect, it } from 'vitest';
import { computeBackoffDelay } from './backoff.js';

describe('computeBackoffDelay', () => {
  const options = { initialMs: 1000, maxMs: 30_000 };

  it('doubles the ceiling per attempt and stays within half to all of it', () => {
    expect(computeBackoffDelay(0, options, () => 0)).toBe(500);
    expect(computeBackoffDelay(0, options, () => 1)).toBe(1000);
    expect(computeBackoffDelay(1, options, () => 1)).toBe(2000);
    expect(computeBackoffDelay(3, options, () => 0)).toBe(4000);
  });

  it('never exceeds the cap, however many attempts failed', () => {
    expect(computeBackoffDelay(10, options, () => 1)).toBe(30_000);
    expect(computeBackoffDelay(500, options, () => 1)).toBe(30_000);
    expect(computeBackoffDelay(500, options, () => 0)).toBe(15_000);
  });

  it('spreads replicas with jitter', () => {
    const values = [0.1, 0.5, 0.9].map((r) => computeBackoffDelay(2, options, () => r));
    expect(new Set(values).size).toBe(3);
  });
});
