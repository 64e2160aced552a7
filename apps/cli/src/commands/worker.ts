import { startWorker } from '@chronos/worker';
import type { Command } from '../command.js';
import { runService } from '../run-until-stopped.js';

const USAGE = `chronos worker                           run a worker until SIGTERM/SIGINT (then drain: running tasks
                                         finish within SHUTDOWN_TIMEOUT_SECONDS, the rest are handed back)`;

/** `chronos worker`: the same process as `apps/worker/src/main.ts`, started from the CLI. */
export const workerCommand: Command = {
  summary: 'run a worker: scheduler ticks, run-now executions, the reconciler',
  usage: USAGE,
  run: (context) =>
    runService(context, { service: 'chronos-worker', command: 'chronos worker', start: startWorker }),
};
