/** Order statistics of a sample, in the sample's unit. */
export type Distribution = { count: number; p50: number; p95: number; p99: number; max: number };

/**
 * Nearest-rank percentile of an ascending sample: the smallest value with at least `p` % of the sample at
 * or below it. No interpolation, so every reported figure is a value that was actually measured.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** p50/p95/p99/max of a sample (NaN for an empty one, which the table prints as "n/a"). */
export function summarize(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] as number),
  };
}

/** Largest value of a sample without spreading it into arguments (100 000 values overflow the stack). */
export function maxOf(values: Iterable<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) if (value > max) max = value;
  return max;
}

export function minOf(values: Iterable<number>): number {
  let min = Number.POSITIVE_INFINITY;
  for (const value of values) if (value < min) min = value;
  return min;
}
