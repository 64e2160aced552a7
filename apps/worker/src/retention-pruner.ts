import type { Db } from '@chronos/db';
import type { Logger } from '@chronos/logger';
import type { Redis } from 'ioredis';
import { claimLease, leaseKey } from './redis-lease.js';

export type RetentionOptions = {
  db: Db;
  redis: Redis;
  prefix: string;
  owner: string;
  /** RETENTION_DAYS: finished executions older than this are deleted; 0 keeps them forever. */
  days: number;
  /** RETENTION_MAX_ROWS_PER_JOB: newest rows kept per job; 0 means no limit. */
  maxRowsPerJob: number;
  intervalMs: number;
  logger: Logger;
  now: () => Date;
};

export type RetentionPruner = {
  /** One pass now unless another worker pruned within the interval; the number deleted, or null. */
  pruneOnce(options?: { force?: boolean }): Promise<number | null>;
  start(): void;
  stop(): Promise<void>;
};

const DAY_MS = 86_400_000;

/**
 * Deletes old execution history. Only finished rows are ever deleted (the repository guarantees it), and
 * one worker prunes per interval (a lease), since pruning is a bulk write the others need not repeat.
 */
export function createRetentionPruner(options: RetentionOptions): RetentionPruner {
  const logger = options.logger.child({ component: 'retention' });
  const key = leaseKey(options.prefix, 'prune');
  const isDisabled = options.days <= 0 && options.maxRowsPerJob <= 0;
  let timer: NodeJS.Timeout | undefined;
  let firstPass: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  async function pruneOnce({ force = false } = {}): Promise<number | null> {
    if (isDisabled) return 0;
    const holder = await claimLease(
      options.redis,
      key,
      options.owner,
      Math.max(500, options.intervalMs * 0.9),
    );
    if (holder !== options.owner && !force) return null;
    const deleted = await options.db.executions.prune({
      ...(options.days > 0 ? { olderThan: new Date(options.now().getTime() - options.days * DAY_MS) } : {}),
      ...(options.maxRowsPerJob > 0 ? { maxRowsPerJob: options.maxRowsPerJob } : {}),
    });
    if (deleted > 0) logger.info({ deleted }, 'old executions pruned');
    return deleted;
  }

  function tick() {
    if (running) return;
    running = pruneOnce()
      .catch((error: unknown) => logger.warn({ err: error }, 'retention pass failed; retrying next interval'))
      .finally(() => {
        running = undefined;
      });
  }

  return {
    pruneOnce,
    start() {
      if (isDisabled || timer) return;
      timer = setInterval(tick, options.intervalMs);
      timer.unref();
      // A first pass soon after start-up, so a worker that restarts often still prunes.
      firstPass = setTimeout(tick, Math.min(options.intervalMs, 30_000));
      firstPass.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      clearTimeout(firstPass);
      timer = undefined;
      await running;
    },
  };
}
