import type { CommandSpec, CommandTable, OptionSpec } from '../command.js';
import { UsageError } from '../usage-error.js';

/*
 * Every `chronos <command>`: its options, help and how to load it. This file is all the launcher imports
 * before the arguments parsed: a command's code (and with it the api, the worker, Prisma, BullMQ) is
 * imported only by `load()`, so a mistyped option is answered at once and `chronos migrate` never loads
 * the api. Adding a command: one file in this folder exporting its run function, one entry here.
 */

/** Where the API is and who calls it: every client command takes these. */
const CLIENT_OPTIONS: Record<string, OptionSpec> = {
  url: {
    type: 'string',
    value: '<url>',
    help: 'Chronos base URL (else CHRONOS_URL, the login file, http://127.0.0.1:1717)',
  },
  token: { type: 'string', value: '<token>', help: 'API token (else CHRONOS_TOKEN, the login file)' },
  json: { type: 'boolean', help: 'print the API answer as JSON (for scripts)' },
};

const PAGE_OPTIONS: Record<string, OptionSpec> = {
  skip: { type: 'string', value: '<n>', help: 'skip the first n (default 0)' },
  limit: { type: 'string', value: '<n>', help: 'at most n, 1-1000 (default 100)' },
};

/** A schedule as a cron expression or the friendly days + time (shared by jobs create/update, preview). */
const SCHEDULE_OPTIONS: Record<string, OptionSpec> = {
  cron: { type: 'string', value: '<expr>', help: "cron expression, e.g. '30 8 * * 1-5'" },
  days: {
    type: 'string',
    value: '<days>',
    help: 'with --at: days of the week, e.g. monday,friday (omit: every day)',
  },
  at: { type: 'string', value: 'HH:MM', help: 'time of day of the friendly schedule (24 h)' },
  tz: { type: 'string', value: '<zone>', help: 'IANA time zone, e.g. Europe/Rome (default: the setting)' },
};

const JOB_FIELD_OPTIONS: Record<string, OptionSpec> = {
  name: { type: 'string', value: '<text>', help: 'job name' },
  description: { type: 'string', value: '<text>', help: 'free text' },
  task: {
    type: 'string',
    value: '<type>',
    help: 'task type, e.g. entity_start (--help of jobs create lists them)',
  },
  ...SCHEDULE_OPTIONS,
  pipeline: { type: 'string', value: '<id>', help: 'CoreHub pipeline id' },
  entity: { type: 'string', value: '<id>', multiple: true, help: 'entity id (or a comma-separated list)' },
  group: { type: 'string', value: '<id>', multiple: true, help: 'group id (or a comma-separated list)' },
  snapshot: { type: 'boolean', help: 'start tasks take an initial snapshot (with_snapshot)' },
  'no-snapshot': { type: 'boolean', help: 'start tasks take no snapshot' },
  'write-method': { type: 'string', value: 'UPSERT|INSERT', help: 'snapshot write method' },
  concurrency: { type: 'string', value: 'forbid|allow', help: 'overlap policy (concurrency_policy)' },
  'misfire-grace': { type: 'string', value: '<s>', help: 'seconds a late tick may still run' },
  'max-attempts': { type: 'string', value: '<n>', help: 'attempts of a transient failure' },
  timeout: { type: 'string', value: '<s>', help: 'bound of a whole run, in seconds' },
  // The automation types' parameters (query_studio, ai_agent_run, entity_validate, visualize_refresh).
  'agent-id': { type: 'string', value: '<id>', help: 'query_studio: the Query Studio agent (agent_id)' },
  sql: { type: 'string', value: '<sql>', help: 'query_studio: the SQL to run (query_sql)' },
  'saved-query': { type: 'string', value: '<id>', help: 'query_studio: a saved query; its live SQL wins' },
  'read-only': { type: 'string', value: 'true|false', help: 'query_studio: run read-only (default true)' },
  'agent-alias': { type: 'string', value: '<alias>', help: 'ai_agent_run: the AI agent (agent_alias)' },
  'agent-version': { type: 'string', value: '<n>', help: 'ai_agent_run: a pinned agent version' },
  'agent-input': { type: 'string', value: '<json>', help: "ai_agent_run: the run's input, a JSON object" },
  'idempotency-key': { type: 'string', value: '<key>', help: 'ai_agent_run: CoreHub dedupes runs on it' },
  reconcile: {
    type: 'string',
    value: 'true|false',
    help: 'entity_validate: reconcile the differences found (validation_reconcile)',
  },
  viz: { type: 'string', value: '<id>', help: 'visualize_refresh: the visualization (viz_id)' },
  'viz-param': {
    type: 'string',
    value: 'key=value',
    multiple: true,
    help: 'visualize_refresh: a refresh parameter (repeatable)',
  },
  // Failure notifications.
  notify: {
    type: 'string',
    value: '<url>',
    multiple: true,
    help: 'webhook called on failed/timed_out/missed runs and recovery (repeatable; replaces the list)',
  },
  'notify-events': {
    type: 'string',
    value: '<events>',
    help: 'with --notify: failed,timed_out,missed,recovered (default all)',
  },
  'notify-secret': {
    type: 'string',
    value: '<secret>',
    help: 'with one --notify: its signing secret (default: generated, printed once)',
  },
  'no-notify': { type: 'boolean', help: 'remove every webhook of the job' },
};

const ID: readonly [number, number] = [1, 1];
const NONE: readonly [number, number] = [0, 0];

const loadJobs = () => import('./jobs.js');
const loadExecutions = () => import('./executions.js');

function jobCommand(summary: string, run: keyof Awaited<ReturnType<typeof loadJobs>>): CommandSpec {
  return {
    summary,
    synopsis: '<id> [options]',
    options: CLIENT_OPTIONS,
    positionals: ID,
    load: async () => (await loadJobs())[run],
  };
}

export const COMMANDS: CommandTable = {
  start: {
    summary: 'api + worker in one process: the quick start (SQLite, local Redis, demo CoreHub if none)',
    synopsis: '[--no-demo]',
    details: `Listens on HOST (default here 127.0.0.1: this machine only) and PORT (1717), SQLite under DATA_DIR,
Redis at REDIS_URL. Without CORE_HUB_URL it looks for a CoreHub on the local network (UDP discovery,
DISCOVERY_TIMEOUT_MS), then runs the built-in simulator with demo pipelines.`,
    options: { 'no-demo': { type: 'boolean', help: 'exit 1 instead of running the built-in simulator' } },
    positionals: NONE,
    load: async () => (await import('./start.js')).runStart,
  },
  api: {
    summary: 'run the REST API (jobs, executions, settings, /docs, /admin/queues)',
    synopsis: '',
    details: `Until SIGTERM/SIGINT; then stops intake and lets running requests finish within
SHUTDOWN_TIMEOUT_SECONDS.`,
    positionals: NONE,
    load: async () => (await import('./api.js')).runApi,
  },
  worker: {
    summary: 'run a worker: scheduler ticks, run-now executions, the reconciler',
    synopsis: '',
    details: `Until SIGTERM/SIGINT; then drains: running tasks finish within SHUTDOWN_TIMEOUT_SECONDS, the rest
are handed back. /health, /ready and /metrics on WORKER_HTTP_PORT.`,
    positionals: NONE,
    load: async () => (await import('./worker.js')).runWorker,
  },
  sim: {
    summary: 'run the CoreHub simulator (demo pipelines) on HOST:PORT',
    synopsis: '[--fixture <file.json>]',
    details: 'SIM_LICENSE_FILE makes it check Module-License. Prints one JSON line {"event":"listening",…}.',
    options: {
      fixture: { type: 'string', value: '<file.json>', help: 'pipelines to serve (default: demo)' },
    },
    positionals: NONE,
    load: async () => (await import('./sim.js')).runSim,
  },
  migrate: {
    summary: 'apply, inspect or create database migrations',
    synopsis: '[deploy | status | create <name>] [--postgres-url <url>]',
    details: `deploy (default): apply pending migrations (what api and worker do at start-up).
status: applied, pending and failed migrations (exit 1 unless up to date).
create <name>: a migration for both providers from the schema change (PostgreSQL diffs need a server:
DB_URL's, or --postgres-url).`,
    options: {
      'postgres-url': { type: 'string', value: '<url>', help: 'PostgreSQL server for create' },
    },
    positionals: [0, 10],
    load: async () => (await import('./migrate.js')).runMigrate,
  },
  token: {
    summary: 'create a static API token for automation (prints the API_TOKENS entry)',
    synopsis: '<name> <ROLE>',
    details: 'ROLE: SUPER_ADMIN, MANAGER, MONITOR, VIEWER or EXTERNAL_MODULE. The token is shown once.',
    positionals: [2, 2],
    load: async () => (await import('./token.js')).runToken,
  },
  login: {
    summary: 'save the URL and token the client commands use (owner-only file, XDG config dir)',
    synopsis: '[--url <url>] [--token-file <file>]',
    details: `Reads the token from --token-file, else from stdin (a hidden prompt on a terminal), checks it
against the API, and writes $XDG_CONFIG_HOME/chronos/config.json (~/.config/…) with mode 0600.
The token is never printed.`,
    options: {
      url: CLIENT_OPTIONS.url as OptionSpec,
      'token-file': { type: 'string', value: '<file>', help: 'read the token from this file' },
    },
    positionals: NONE,
    load: async () => (await import('./login.js')).runLogin,
  },
  jobs: {
    summary: 'list, show, create, change, enable/disable, delete and run jobs',
    subcommands: {
      list: {
        summary: 'list jobs (table, or --json)',
        synopsis: '[--task <type>] [--enabled true|false] [--skip <n>] [--limit <n>]',
        options: {
          ...CLIENT_OPTIONS,
          task: { type: 'string', value: '<type>', help: 'only this task type' },
          enabled: { type: 'string', value: 'true|false', help: 'only enabled / disabled jobs' },
          ...PAGE_OPTIONS,
        },
        positionals: NONE,
        load: async () => (await loadJobs()).listJobs,
      },
      get: jobCommand('show one job', 'getJob'),
      create: {
        summary: 'create a job from flags (body fields of POST /api/jobs)',
        synopsis: '--name <text> --task <type> (--cron <expr> | [--days <days>] --at HH:MM) [options]',
        details:
          'Task types: entity_*, pipeline_*, group_* (start, stop, snapshot, redo), pipeline_enter_maintenance, pipeline_exit_maintenance, ' +
          'query_studio (--agent-id, --sql or --saved-query), ai_agent_run (--agent-alias), entity_validate (--entity), brain_reindex, ' +
          'visualize_refresh (--viz). A generated webhook secret is printed once.',
        options: {
          ...CLIENT_OPTIONS,
          ...JOB_FIELD_OPTIONS,
          disabled: { type: 'boolean', help: 'create it disabled' },
        },
        positionals: NONE,
        load: async () => (await loadJobs()).createJob,
      },
      update: {
        summary: 'change a job: only the fields given change (PUT /api/jobs/{id})',
        synopsis: '<id> [options]',
        details:
          '--notify replaces the webhooks: one whose URL the job already has keeps its secret (unless --notify-secret).',
        options: { ...CLIENT_OPTIONS, ...JOB_FIELD_OPTIONS },
        positionals: ID,
        load: async () => (await loadJobs()).updateJob,
      },
      enable: jobCommand('enable a job (its schedule runs again)', 'enableJob'),
      disable: jobCommand('disable a job (keeps its history; can still be run by hand)', 'disableJob'),
      delete: jobCommand('delete a job, its scheduler and its history', 'deleteJob'),
      deliveries: {
        summary: "the delivery attempts of a job's webhooks, newest first",
        synopsis: '<id> [--execution <id>] [--skip <n>] [--limit <n>]',
        options: {
          ...CLIENT_OPTIONS,
          execution: { type: 'string', value: '<id>', help: 'only the attempts for this execution' },
          ...PAGE_OPTIONS,
        },
        positionals: ID,
        load: async () => (await loadJobs()).listDeliveries,
      },
      run: {
        summary: 'run a job now; --wait waits for the end (exit 1 unless it succeeded)',
        synopsis: '<id> [--wait [--timeout <s>]]',
        options: {
          ...CLIENT_OPTIONS,
          wait: { type: 'boolean', help: 'wait until the execution is final' },
          timeout: { type: 'string', value: '<s>', help: 'longest wait in seconds (default 120)' },
        },
        positionals: ID,
        load: async () => (await loadJobs()).runJob,
      },
    },
  },
  executions: {
    summary: 'execution history: list with filters, one execution with its CoreHub calls',
    subcommands: {
      list: {
        summary: 'list executions, newest first',
        synopsis: '[--job <id>] [--status <status>] [--since <instant>] [--skip <n>] [--limit <n>]',
        options: {
          ...CLIENT_OPTIONS,
          job: { type: 'string', value: '<id>', help: 'only this job' },
          status: { type: 'string', value: '<status>', help: 'queued, running, succeeded, failed, …' },
          since: { type: 'string', value: '<instant>', help: 'scheduled at or after, ISO 8601' },
          ...PAGE_OPTIONS,
        },
        positionals: NONE,
        load: async () => (await loadExecutions()).listExecutions,
      },
      get: {
        summary: 'one execution with its steps',
        synopsis: '<id>',
        options: CLIENT_OPTIONS,
        positionals: ID,
        load: async () => (await loadExecutions()).getExecution,
      },
    },
  },
  preview: {
    summary: 'the next runs of a schedule before saving it',
    synopsis: "('<cron>' | [--days <days>] --at HH:MM) [--tz <zone>] [--count <n>]",
    options: {
      ...CLIENT_OPTIONS,
      cron: SCHEDULE_OPTIONS.cron as OptionSpec,
      days: SCHEDULE_OPTIONS.days as OptionSpec,
      at: SCHEDULE_OPTIONS.at as OptionSpec,
      tz: SCHEDULE_OPTIONS.tz as OptionSpec,
      count: { type: 'string', value: '<n>', help: 'how many runs, 1-1000 (default 5)' },
      from: { type: 'string', value: '<instant>', help: 'count from this instant (default now)' },
    },
    positionals: [0, 1],
    load: async () => (await import('./preview.js')).runPreview,
  },
  completion: {
    summary: 'print the bash completion script: source <(chronos completion bash)',
    synopsis: 'bash',
    details: 'zsh: autoload -U bashcompinit && bashcompinit, then the same source line.',
    positionals: [1, 1],
    load: async () => {
      const { bashCompletion } = await import('../completion.js');
      return async (context) => {
        if (context.positionals[0] !== 'bash') {
          throw new UsageError(
            `no completion for "${context.positionals[0]}": bash only (zsh through bashcompinit)`,
          );
        }
        context.stdout.write(bashCompletion(COMMANDS));
        return 0;
      };
    },
  },
};
