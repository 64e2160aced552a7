import type { ChronosConfig } from '@chronos/config';
import { coreHubOptionsFromConfig, createCoreHubClient } from '@chronos/corehub';
import { createDb } from '@chronos/db';
import type { Logger } from '@chronos/logger';
import { createWorkerRuntime, type WorkerTuning } from './runtime.js';

export type RunningWorker = {
  readonly workerId: string;
  /** Drains (SHUTDOWN_TIMEOUT), closes Redis, CoreHub and the database. Idempotent. */
  stop(): Promise<void>;
};

/**
 * A whole worker process's wiring: database (migrated at start-up), CoreHub client, runtime. Used by
 * `main.ts`, the `chronos worker` command and the single-process mode.
 */
export async function startWorker(
  config: ChronosConfig,
  logger: Logger,
  options: { tuning?: Partial<WorkerTuning> } = {},
): Promise<RunningWorker> {
  const db = createDb({ url: config.database.url, logger });
  try {
    await db.migrate.deploy();
  } catch (error) {
    await db.close();
    throw error;
  }
  const hub = createCoreHubClient(
    coreHubOptionsFromConfig(config.corehub, { logger, isProduction: config.isProduction }),
  );
  const runtime = createWorkerRuntime({
    config,
    logger,
    db,
    hub,
    ...(options.tuning ? { tuning: options.tuning } : {}),
  });
  try {
    await runtime.start();
  } catch (error) {
    await runtime.stop().catch(() => undefined);
    await hub.close().catch(() => undefined);
    await db.close();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    workerId: runtime.workerId,
    stop() {
      stopping ??= runtime.stop().finally(() => db.close());
      return stopping;
    },
  };
}
