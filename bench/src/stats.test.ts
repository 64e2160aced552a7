import { describe, expect, it } from 'vitest';
import { maxOf, minOf, percentile, summarize } from './stats.js';

describe('percentile', () => {
  it('returns the nearest-rank value, never an interpolated one', () => {
    const sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(100);
    expect(percentile(sorted, 10)).toBe(10);
    expect(percentile(sorted, 11)).toBe(20);
  });

  it('is NaN for an empty sample', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize', () => {
  it('sorts the sample before ranking it', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(summarize(values)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('keeps negative lags (a call recorded before its due instant) as they are', () => {
    expect(summarize([-3, 5, 1]).p50).toBe(1);
    expect(summarize([-3, 5, 1]).max).toBe(5);
  });
});

describe('maxOf and minOf', () => {
  it('handle samples too large to spread into Math.max', () => {
    const values = Array.from({ length: 300_000 }, (_, index) => index);
    expect(maxOf(values)).toBe(299_999);
    expect(minOf(values)).toBe(0);
  });
});
