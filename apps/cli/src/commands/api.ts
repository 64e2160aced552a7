import { startApi } from '@chronos/api';
import type { CommandRun } from '../command.js';
import { runService } from '../run-until-stopped.js';

/** `chronos api`: the same process as `apps/api/src/main.ts`, started from the CLI. */
export const runApi: CommandRun = (context) =>
  runService(context, { service: 'chronos-api', command: 'chronos api', start: startApi });
