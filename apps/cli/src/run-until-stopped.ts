import { type ChronosConfig, loadConfig } from '@chronos/config';
import { createLogger, type Logger } from '@chronos/logger';
import type { CommandContext } from './command.js';
import { waitForStopSignal } from './stop-signal.js';
import { UsageError } from './usage-error.js';

/**
 * Runs one long-lived part (`chronos api`, `chronos worker`) the way its own `main.ts` does: config from the
 * environment, one logger, start, then stop cleanly on SIGTERM/SIGINT and exit 0.
 */
export async function runUntilStopped(
  context: CommandContext,
  service: string,
  start: (config: ChronosConfig, logger: Logger) => Promise<{ stop(): Promise<void> }>,
): Promise<number> {
  if (context.args.length > 0) throw new UsageError(`unexpected argument "${context.args[0]}"`);
  const config = loadConfig(context.env);
  const logger = createLogger({ service, level: config.logging.level, pretty: config.logging.pretty });
  const stopSignal = waitForStopSignal();
  const running = await start(config, logger);
  const signal = await stopSignal;
  logger.info({ signal }, 'shutdown requested');
  await running.stop();
  return 0;
}
