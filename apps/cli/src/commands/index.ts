import type { Command } from '../command.js';
import { apiCommand } from './api.js';
import { migrateCommand } from './migrate.js';

/**
 * Every `chronos <command>`. Adding one (start, api, worker, sim) is one file in this folder plus one line
 * here; `main.ts` does the dispatching, usage and error printing for all of them.
 */
export const COMMANDS: Readonly<Record<string, Command>> = {
  api: apiCommand,
  migrate: migrateCommand,
};
