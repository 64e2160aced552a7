import { startWorker } from '@chronos/worker';
import type { CommandRun } from '../command.js';
import { runService } from '../run-until-stopped.js';

/** `chronos worker`: the same process as `apps/worker/src/main.ts`, started from the CLI. */
export const runWorker: CommandRun = (context) =>
  runService(context, { service: 'chronos-worker', command: 'chronos worker', start: startWorker });
