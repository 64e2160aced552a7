import type { Db } from '@chronos/db';
import { createLeasedLoop, type FleetLoopBase } from './leased-loop.js';

export type RetentionOptions = FleetLoopBase & {
  db: Db;
  /** RETENTION_DAYS: finished executions older than this are deleted; 0 keeps them forever. */
  days: number;
  /** RETENTION_MAX_ROWS_PER_JOB: newest rows kept per job, and newest execution logs per TriggerFlow; 0 = no limit. */
  maxRowsPerJob: number;
  now: () => Date;
};

export type RetentionPruner = {
  /** One pass now unless another worker pruned within the interval; the number deleted, or null. */
  pruneOnce(options?: { force?: boolean }): Promise<number | null>;
  start(): void;
  stop(): Promise<void>;
};

const DAY_MS = 86_400_000;
/** CoreHub webhook arrivals outlive the longest wait a chained event may have (7 days), then go. */
const ARRIVAL_KEEP_MS = 8 * DAY_MS;

/**
 * Deletes old execution history (job executions and TriggerFlow execution logs). Only finished rows are ever deleted (the repository guarantees it), and
 * one worker prunes per interval (a lease), since pruning is a bulk write the others need not repeat.
 */
export function createRetentionPruner(options: RetentionOptions): RetentionPruner {
  const logger = options.logger.child({ component: 'retention' });
  const isDisabled = options.days <= 0 && options.maxRowsPerJob <= 0;

  async function prune(): Promise<number> {
    const olderThan =
      options.days > 0 ? { olderThan: new Date(options.now().getTime() - options.days * DAY_MS) } : {};
    const deleted = await options.db.executions.prune({
      ...olderThan,
      ...(options.maxRowsPerJob > 0 ? { maxRowsPerJob: options.maxRowsPerJob } : {}),
    });
    // Deliveries go with their execution (cascade); by age also those of executions kept by count.
    const deliveries =
      options.days > 0
        ? await options.db.notifications.pruneDeliveries(
            new Date(options.now().getTime() - options.days * DAY_MS),
          )
        : 0;
    if (deleted > 0 || deliveries > 0) logger.info({ deleted, deliveries }, 'old executions pruned');
    // TriggerFlow logs follow the same bound (the original kept only 20 per flow).
    const deletedLogs = await options.db.flowLogs.prune({
      ...olderThan,
      ...(options.maxRowsPerJob > 0 ? { maxRowsPerFlow: options.maxRowsPerJob } : {}),
    });
    if (deletedLogs > 0) logger.info({ deleted: deletedLogs }, 'old flow execution logs pruned');
    const arrivals = await options.db.chains.pruneArrivals(
      new Date(options.now().getTime() - ARRIVAL_KEEP_MS),
    );
    if (arrivals > 0) logger.info({ deleted: arrivals }, 'old webhook arrivals pruned');
    return deleted + deletedLogs;
  }

  const loop = createLeasedLoop({
    ...options,
    name: 'prune',
    logger,
    pass: prune,
    failureMessage: 'retention pass failed; retrying next interval',
    // A first pass soon after start-up, so a worker that restarts often still prunes.
    firstPassDelayMs: Math.min(options.intervalMs, 30_000),
  });
  return {
    pruneOnce: (runOptions) => (isDisabled ? Promise.resolve(0) : loop.runOnce(runOptions)),
    start() {
      if (!isDisabled) loop.start();
    },
    stop: loop.stop,
  };
}
