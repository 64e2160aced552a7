/**
 * Worker process entry: `node --conditions=@chronos/source --import tsx apps/worker/src/main.ts` in
 * development and tests, `node apps/worker/dist/main.js` in images. Only this file reads the environment.
 */
import { loadConfig } from '@chronos/config';
import { ConfigError } from '@chronos/errors';
import { createLogger } from '@chronos/logger';
import { startWorker } from './start-worker.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`chronos worker: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({
    service: 'chronos-worker',
    level: config.logging.level,
    pretty: config.logging.pretty,
  });
  for (const notice of config.notices) logger.warn(notice);

  let worker: Awaited<ReturnType<typeof startWorker>>;
  try {
    worker = await startWorker(config, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'worker failed to start');
    process.exit(1);
  }

  let isStopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal }, 'shutdown requested');
    worker
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.fatal({ err: error }, 'worker did not stop cleanly');
        process.exit(1);
      });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`chronos worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
