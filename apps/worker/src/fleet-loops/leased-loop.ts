import type { Logger } from '@chronos/logger';
import type { RedisConnection } from '@chronos/queue';
import { claimLease, leaseKey } from '@chronos/queue';

/** What every fleet loop is given: the lease's connection, prefix and owner, its interval and logger. */
export type FleetLoopBase = {
  /** Commands connection for the lease. */
  redis: RedisConnection;
  prefix: string;
  /** This worker's id: the lease owner. */
  owner: string;
  intervalMs: number;
  logger: Logger;
};

export type LeasedLoopOptions<T> = FleetLoopBase & {
  /** Names the lease (`reconcile`, `prune`). */
  name: string;
  /** What one pass does once this worker holds the lease. */
  pass: () => Promise<T>;
  /** Logged (warn) when a pass fails; the next interval tries again. */
  failureMessage: string;
  /** A first pass this long after `start()` (none when absent). */
  firstPassDelayMs?: number;
};

export type LeasedLoop<T> = {
  /**
   * One pass now, unless another worker made one within the interval (then null); `force` skips the lease,
   * `pass` replaces the loop's own pass for this call.
   */
  runOnce(options?: { force?: boolean; pass?: () => Promise<T> }): Promise<T | null>;
  /**
   * One pass now without waiting for it (unless one is in progress); `stop()` waits for it. `pass` as in
   * `runOnce`.
   */
  runInBackground(options?: { force?: boolean; pass?: () => Promise<T> }): void;
  /** Resolves once no background pass is in progress. */
  settled(): Promise<void>;
  start(): void;
  /** Stops the timers and waits for a pass in progress. */
  stop(): Promise<void>;
};

/**
 * A periodic pass that one worker of the fleet makes per interval: a lease (SET NX PX, held slightly less
 * than one interval and not released) decides who. Callers keep their passes safe to repeat anyway, since a
 * flushed Redis loses the lease too.
 */
export function createLeasedLoop<T>(options: LeasedLoopOptions<T>): LeasedLoop<T> {
  const key = leaseKey(options.prefix, options.name);
  let timer: NodeJS.Timeout | undefined;
  let firstPass: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  async function runOnce({ force = false, pass = options.pass } = {}): Promise<T | null> {
    // The lease lives slightly shorter than the interval so the same worker's next pass can claim it.
    const leaseMs = Math.max(500, options.intervalMs * 0.9);
    const holder = await claimLease(options.redis, key, options.owner, leaseMs);
    if (holder !== options.owner && !force) return null;
    return pass();
  }

  function tick(runOptions: { force?: boolean; pass?: () => Promise<T> } = {}) {
    if (running) return;
    running = runOnce(runOptions)
      .catch((error: unknown) => options.logger.warn({ err: error }, options.failureMessage))
      .finally(() => {
        running = undefined;
      });
  }

  return {
    runOnce,
    runInBackground: tick,
    async settled() {
      await running;
    },
    start() {
      if (timer) return;
      timer = setInterval(() => tick(), options.intervalMs);
      timer.unref();
      if (options.firstPassDelayMs !== undefined) {
        firstPass = setTimeout(() => tick(), options.firstPassDelayMs);
        firstPass.unref();
      }
    },
    async stop() {
      clearInterval(timer);
      clearTimeout(firstPass);
      timer = undefined;
      await running;
    },
  };
}
