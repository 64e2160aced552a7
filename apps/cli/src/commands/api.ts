import { startApi } from '@chronos/api';
import { loadConfig } from '@chronos/config';
import { createLogger } from '@chronos/logger';
import type { Command } from '../command.js';
import { waitForStopSignal } from '../stop-signal.js';
import { UsageError } from '../usage-error.js';

const USAGE = `chronos api                              run the REST API until SIGTERM/SIGINT (then stop intake, let
                                         running requests finish within SHUTDOWN_TIMEOUT_SECONDS, close)`;

/** `chronos api`: the same process as `apps/api/src/main.ts`, started from the CLI. */
export const apiCommand: Command = {
  summary: 'run the REST API (jobs, executions, settings, /docs, /admin/queues)',
  usage: USAGE,
  async run(context) {
    if (context.args.length > 0) throw new UsageError(`unexpected argument "${context.args[0]}"`);
    const config = loadConfig(context.env);
    const logger = createLogger({
      service: 'chronos-api',
      level: config.logging.level,
      pretty: config.logging.pretty,
    });
    const stopSignal = waitForStopSignal();
    const api = await startApi(config, logger);
    const signal = await stopSignal;
    logger.info({ signal }, 'shutdown requested');
    await api.stop();
    return 0;
  },
};
