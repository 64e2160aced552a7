import type { Command } from '../command.js';

/** A command in the table: its help line, and how to load it. */
export type CommandEntry = { summary: string; load(): Promise<Command> };

/**
 * Every `chronos <command>`. Adding one (start, worker, sim) is one file in this folder plus one entry here;
 * `main.ts` does the dispatching, usage and error printing for all of them. Commands are imported on use,
 * so `chronos migrate` neither loads nor depends on the api/worker code (and still works while one of them
 * is broken or half-built).
 */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  api: {
    summary: 'run the REST API (jobs, executions, settings, /docs, /admin/queues)',
    load: async () => (await import('./api.js')).apiCommand,
  },
  migrate: {
    summary: 'apply, inspect or create database migrations',
    load: async () => (await import('./migrate.js')).migrateCommand,
  },
  sim: {
    summary: 'run the CoreHub simulator (demo pipelines) on HOST:PORT',
    load: async () => (await import('./sim.js')).simCommand,
  },
  start: {
    summary: 'api + worker in one process: the quick start (SQLite, local Redis, demo CoreHub if none)',
    load: async () => (await import('./start.js')).startCommand,
  },
  token: {
    summary: 'create a static API token for automation (prints the API_TOKENS entry)',
    load: async () => (await import('./token.js')).tokenCommand,
  },
  worker: {
    summary: 'run a worker: scheduler ticks, run-now executions, the reconciler',
    load: async () => (await import('./worker.js')).workerCommand,
  },
};
