import type { RedisConnection } from '@chronos/queue';

export type RedisOutages = { wasDownAt(instant: Date): boolean };

/**
 * When this process saw its Redis connection down (from `close` to the next `ready`), kept for `keepMs`: the
 * gap detector names "Redis was unavailable" as the reason of a missed tick that fell in such a span. A tick
 * missed before this process started, or while it ran with Redis up, is "no worker ran while it was due".
 */
export function trackRedisOutages(
  connection: RedisConnection,
  now: () => Date,
  keepMs: number,
): RedisOutages {
  const spans: { from: number; to: number }[] = [];
  let downSince: number | undefined;
  connection.on('close', () => {
    downSince ??= now().getTime();
  });
  connection.on('ready', () => {
    if (downSince === undefined) return;
    const to = now().getTime();
    spans.push({ from: downSince, to });
    downSince = undefined;
    while (spans.length > 0 && (spans[0]?.to ?? to) < to - keepMs) spans.shift();
  });
  return {
    wasDownAt(instant) {
      const at = instant.getTime();
      if (downSince !== undefined && at >= downSince) return true;
      return spans.some((span) => at >= span.from && at <= span.to);
    },
  };
}
