import { loadConfig } from '@chronos/config';
import { createLogger } from '@chronos/logger';
import { startWorker } from '@chronos/worker';
import type { Command } from '../command.js';
import { waitForStopSignal } from '../stop-signal.js';
import { UsageError } from '../usage-error.js';

const USAGE = `chronos worker                           run a worker until SIGTERM/SIGINT (then drain: running tasks
                                         finish within SHUTDOWN_TIMEOUT_SECONDS, the rest are handed back)`;

/** `chronos worker`: the same process as `apps/worker/src/main.ts`, started from the CLI. */
export const workerCommand: Command = {
  summary: 'run a worker: scheduler ticks, run-now executions, the reconciler',
  usage: USAGE,
  async run(context) {
    if (context.args.length > 0) throw new UsageError(`unexpected argument "${context.args[0]}"`);
    const config = loadConfig(context.env);
    const logger = createLogger({
      service: 'chronos-worker',
      level: config.logging.level,
      pretty: config.logging.pretty,
    });
    for (const notice of config.notices) logger.warn(notice);
    const stopSignal = waitForStopSignal();
    const worker = await startWorker(config, logger);
    const signal = await stopSignal;
    logger.info({ signal }, 'shutdown requested');
    await worker.stop();
    return 0;
  },
};
