import { startApi } from '@chronos/api';
import type { Command } from '../command.js';
import { runService } from '../run-until-stopped.js';

const USAGE = `chronos api                              run the REST API until SIGTERM/SIGINT (then stop intake, let
                                         running requests finish within SHUTDOWN_TIMEOUT_SECONDS, close)`;

/** `chronos api`: the same process as `apps/api/src/main.ts`, started from the CLI. */
export const apiCommand: Command = {
  summary: 'run the REST API (jobs, executions, settings, /docs, /admin/queues)',
  usage: USAGE,
  run: (context) => runService(context, { service: 'chronos-api', command: 'chronos api', start: startApi }),
};
