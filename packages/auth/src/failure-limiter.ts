/**
 * Counts authentication failures per client in a sliding window; past the limit the client is refused
 * until its oldest failure leaves the window. Guards CoreHub from credential stuffing through Chronos.
 */
export type FailureLimiter = {
  /** Milliseconds until the client may try again; 0 when it may try now. */
  retryAfterMs(client: string): number;
  recordFailure(client: string): void;
};

export function createFailureLimiter(options: {
  limit: number;
  windowMs: number;
  now?: () => number;
}): FailureLimiter {
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();

  function recent(client: string): number[] {
    const cutoff = now() - options.windowMs;
    const kept = (failures.get(client) ?? []).filter((at) => at > cutoff);
    if (kept.length === 0) failures.delete(client);
    else failures.set(client, kept);
    return kept;
  }

  return {
    retryAfterMs(client) {
      const kept = recent(client);
      if (kept.length < options.limit) return 0;
      return Math.max(1, (kept[kept.length - options.limit] ?? now()) + options.windowMs - now());
    },
    recordFailure(client) {
      const kept = recent(client);
      kept.push(now());
      failures.set(client, kept);
      if (failures.size > 50_000) failures.clear();
    },
  };
}
