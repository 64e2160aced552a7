import { describe, expect, it } from 'vitest';
import { parseBenchOptions, UsageError } from './options.js';

describe('parseBenchOptions', () => {
  it('uses the full sizes of the issue by default', () => {
    const options = parseBenchOptions([]);
    expect(options).toMatchObject({
      isQuick: false,
      burstJobs: 10_000,
      workers: 3,
      apiJobs: 10_000,
      reconcileSizes: [10_000, 100_000],
      scenarios: ['burst', 'slow-burst', 'throughput', 'api', 'reconcile', 'footprint'],
      slowCallMs: 200,
      slowConcurrency: 100,
    });
  });

  it('shrinks every size with --quick, and explicit flags still win', () => {
    const options = parseBenchOptions(['--quick', '--jobs', '50', '--reconcile-sizes', '10,20']);
    expect(options?.isQuick).toBe(true);
    expect(options?.burstJobs).toBe(50);
    expect(options?.reconcileSizes).toEqual([10, 20]);
    expect(options?.apiJobs).toBeLessThan(10_000);
  });

  it('keeps the run order of scenarios whatever order --only lists them in', () => {
    expect(parseBenchOptions(['--only', 'footprint,burst'])?.scenarios).toEqual(['burst', 'footprint']);
  });

  it('rejects unknown scenarios, non-integers and unknown pino levels', () => {
    expect(() => parseBenchOptions(['--only', 'latency'])).toThrow(UsageError);
    expect(() => parseBenchOptions(['--jobs', '1.5'])).toThrow(/--jobs expects an integer/);
    expect(() => parseBenchOptions(['--workers', '0'])).toThrow(UsageError);
    expect(() => parseBenchOptions(['--log-level', 'loud'])).toThrow(/pino level/);
  });

  it('answers null for --help', () => {
    expect(parseBenchOptions(['--help'])).toBeNull();
  });
});
