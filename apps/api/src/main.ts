import { loadConfig } from '@chronos/config';
import { isAppError } from '@chronos/errors';
import { createLogger } from '@chronos/logger';
import { startApi } from './start-api.js';

/**
 * Entry of the API process: `node --conditions=@chronos/source --import tsx apps/api/src/main.ts`.
 * SIGTERM/SIGINT stop intake, let running requests finish, close queue, Redis and database, and exit 0.
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    console.error(`chronos api: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const logger = createLogger({
    service: 'chronos-api',
    level: config.logging.level,
    pretty: config.logging.pretty,
  });
  let api: Awaited<ReturnType<typeof startApi>>;
  try {
    api = await startApi(config, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'api failed to start');
    const message = isAppError(error) ? error.detail : error instanceof Error ? error.message : String(error);
    console.error(`chronos api: ${message}`);
    process.exit(1);
  }

  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    signalled = true;
    logger.info({ signal }, 'shutdown requested');
    api.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

void main();
