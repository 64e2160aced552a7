import { type ChronosConfig, loadConfig } from '@chronos/config';
import { isAppError } from '@chronos/errors';
import { createLogger, type Logger } from '@chronos/logger';
import { waitForStopSignal } from './stop-signal.js';

export type RunningService = { stop(): Promise<void> };

export type ServiceSpec = {
  /** `chronos-api`, `chronos-worker`: the logger's service name. */
  service: string;
  /** How a person calls it in a one-line error (`chronos api`). */
  command: string;
  start(config: ChronosConfig, logger: Logger): Promise<RunningService>;
};

export type RunOptions = {
  env: Record<string, string | undefined>;
  stderr: { write(text: string): unknown };
};

function describeError(error: unknown): string {
  if (isAppError(error)) return error.detail.replace(/\s*\n\s*/g, ' ');
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

/**
 * The one way a long-lived Chronos process runs (`chronos api`, `chronos worker`, their `main.ts`, the
 * images): configuration from the environment, one logger, start, then on SIGTERM/SIGINT a clean stop and
 * exit code 0. Start-up failures are one line on stderr and exit code 1. A signal while it is still
 * starting (e.g. waiting for Redis) is honoured at once with exit code 1 instead of being ignored; a second
 * signal during the stop exits the process at once with 1. Otherwise resolves to the exit code, which the caller
 * sets.
 */
export async function runUntilStopped(spec: ServiceSpec, options: RunOptions): Promise<number> {
  let config: ChronosConfig;
  try {
    config = loadConfig(options.env);
  } catch (error) {
    options.stderr.write(`${spec.command}: ${describeError(error)}\n`);
    return 1;
  }
  const logger = createLogger({
    service: spec.service,
    level: config.logging.level,
    pretty: config.logging.pretty,
  });
  for (const notice of config.notices) logger.warn(notice);

  const firstSignal = waitForStopSignal();
  const starting = spec.start(config, logger);
  const first = await Promise.race([
    starting.then(
      (running) => ({ running }),
      (error: unknown) => ({ error }),
    ),
    firstSignal.then((signal) => ({ signal })),
  ]);
  if ('signal' in first) {
    logger.warn({ signal: first.signal }, 'shutdown requested while starting: exiting');
    // What is still starting (a connection retrying an unreachable Redis, a migration) keeps the event loop
    // alive and cannot be cancelled half-way: returning would leave the process running, ignoring the
    // signal. Leave now, as after a crash; the next start picks up.
    process.exit(1);
  }
  if ('error' in first) {
    logger.fatal({ err: first.error }, 'failed to start');
    options.stderr.write(`${spec.command}: ${describeError(first.error)}\n`);
    return 1;
  }
  const signal = await firstSignal;
  logger.info({ signal }, 'shutdown requested');
  void waitForStopSignal().then((again) => {
    logger.warn({ signal: again }, 'second signal: exiting now');
    // The operator insists: what the stop has not finished is left to the next start (and to BullMQ's
    // stalled-job recovery), as after a crash.
    process.exit(1);
  });
  const stopped = first.running.stop().then(
    () => 0,
    (error: unknown) => {
      logger.error({ err: error }, 'did not stop cleanly');
      return 1;
    },
  );
  // A dependency that does not answer (Redis or the database cut off) must not keep a stopping process
  // alive: past the shutdown timeout and a grace for closing connections, exit as a second signal would.
  const deadlineMs = config.worker.shutdownTimeoutMs + STOP_GRACE_MS;
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deadlineMs);
  });
  const result = await Promise.race([stopped, outOfTime]);
  clearTimeout(timer);
  if (result !== 'late') return result;
  logger.error({ deadlineMs }, 'stop did not finish in time (a dependency does not answer): exiting now');
  process.exit(1);
}

/** Beyond SHUTDOWN_TIMEOUT_SECONDS: the worker's hand-back (5 s) and closing its connections. */
const STOP_GRACE_MS = 15_000;
