/** Reconnect delays: capped exponential with "equal jitter" (50–100 % of the step), so replicas spread out. */
export type BackoffOptions = {
  /** First delay ceiling in ms. */
  initialMs: number;
  /** Cap on the delay ceiling in ms. */
  maxMs: number;
};

export const DEFAULT_RECONNECT: BackoffOptions = { initialMs: 1000, maxMs: 30_000 };

/**
 * Delay before retry number `attempt` (0-based): `min(maxMs, initialMs·2^attempt)` scaled into [½, 1] by
 * `random()`. Pure: tests pass their own `random`.
 */
export function computeBackoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt, 0), 30);
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
