import type { Db } from '@chronos/db';
import type { Logger } from '@chronos/logger';
import type { ExecutionEventPublisher, RedisConnection, RunsQueue } from '@chronos/queue';
import { createExecutionSweeper } from './execution-sweeper.js';
import { createGapDetector, type GapReport } from './gap-detector.js';
import { createReconciler, type ReconcileReport } from './reconciler.js';
import { createRetentionPruner } from './retention-pruner.js';

export type FleetLoopsOptions = {
  db: Db;
  queue: RunsQueue;
  /** Commands connection: leases. */
  redis: RedisConnection;
  prefix: string;
  /** This worker's id: the owner of every lease it takes. */
  owner: string;
  logger: Logger;
  publish: ExecutionEventPublisher;
  now: () => Date;
  reconcileIntervalMs: number;
  pruneIntervalMs: number;
  sweepStaleAfterMs: number;
  retention: { days: number; maxRowsPerJob: number };
  gaps: { intervalMs: number; windowMs: number; maxTicksPerJob: number };
  /** True when this process saw Redis unavailable at that instant (the reason of a missed tick). */
  wasRedisDownAt: (instant: Date) => boolean;
  onReconcile?: (report: ReconcileReport) => void;
};

export type FleetLoops = {
  /** One reconcile pass now, whoever holds the lease; `full` also when the in-line marker matches. */
  reconcileNow(options?: { full?: boolean }): Promise<ReconcileReport | null>;
  /** One gap-detection pass over every enabled job now, after any pass in progress. */
  detectGapsNow(): Promise<GapReport | null>;
  /** Starts the loops, with a gap-detection pass at once on this worker (whoever holds the lease). */
  start(): void;
  /** Stops every loop and waits for the passes in progress. */
  stop(): Promise<void>;
};

/**
 * The worker's periodic work, each loop made by one worker of the fleet per interval (a Redis lease):
 * the reconciler (Redis ← database), the execution sweeper (rows no queue job carries any more) and the
 * retention pruner, and the gap detector (due ticks that left no record). All are safe to repeat, since a flushed Redis loses the leases too.
 */
export function createFleetLoops(options: FleetLoopsOptions): FleetLoops {
  const shared = { db: options.db, redis: options.redis, prefix: options.prefix, owner: options.owner };
  const gapDetector = createGapDetector({
    ...shared,
    queue: options.queue,
    intervalMs: options.gaps.intervalMs,
    windowMs: options.gaps.windowMs,
    maxTicksPerJob: options.gaps.maxTicksPerJob,
    wasRedisDownAt: options.wasRedisDownAt,
    logger: options.logger,
    publish: options.publish,
    now: options.now,
  });
  const reconciler = createReconciler({
    ...shared,
    queue: options.queue,
    intervalMs: options.reconcileIntervalMs,
    logger: options.logger,
    onReport(report) {
      // A scheduler restored (Redis flushed, or lost it): the ticks it did not fire are looked for at once.
      gapDetector.checkJobsInBackground(report.upserted);
      options.onReconcile?.(report);
    },
  });
  const sweeper = createExecutionSweeper({
    ...shared,
    queue: options.queue,
    intervalMs: options.reconcileIntervalMs,
    staleAfterMs: options.sweepStaleAfterMs,
    logger: options.logger,
    publish: options.publish,
    now: options.now,
  });
  const pruner = createRetentionPruner({
    ...shared,
    ...options.retention,
    intervalMs: options.pruneIntervalMs,
    logger: options.logger,
    now: options.now,
  });
  const loops = [reconciler, sweeper, pruner, gapDetector];
  return {
    reconcileNow: ({ full = false } = {}) => reconciler.reconcileOnce({ force: true, full }),
    async detectGapsNow() {
      await gapDetector.settled();
      return gapDetector.runOnce({ force: true });
    },
    start() {
      for (const loop of loops) loop.start();
      gapDetector.runInBackground({ force: true });
    },
    async stop() {
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}

export type { GapReport } from './gap-detector.js';
export type { ReconcileReport } from './reconciler.js';
