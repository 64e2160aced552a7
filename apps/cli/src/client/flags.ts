import type { components } from '@chronos/api-client';
import type { ParsedArgs } from '../command.js';
import { UsageError } from '../usage-error.js';

type Values = ParsedArgs['values'];
type JobUpdate = components['schemas']['JobUpdate'];
type Schedule = NonNullable<components['schemas']['Schedule']>;
type NotificationInput = components['schemas']['NotificationInput'];
type NotificationEvent = components['schemas']['NotificationEvent'];

function text(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A whole number ≥ 0 from an option or argument; anything else is a usage error naming it. */
export function wholeNumber(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const raw = String(value);
  if (!/^\d+$/.test(raw)) throw new UsageError(`${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}

/** `--skip` and `--limit` of a list command (undefined ones are left out of the query). */
export function pageQuery(values: Values): { skip: number | undefined; limit: number | undefined } {
  return { skip: wholeNumber(values.skip, '--skip'), limit: wholeNumber(values.limit, '--limit') };
}

/** `true` / `false` (also yes/no) for options that filter on a boolean. */
export function booleanWord(value: unknown, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  const word = String(value).toLowerCase();
  if (['true', 'yes', '1'].includes(word)) return true;
  if (['false', 'no', '0'].includes(word)) return false;
  throw new UsageError(`${name} takes true or false, got "${String(value)}"`);
}

/** A repeatable option whose values may also be comma-separated lists. */
function list(values: Values, name: string): string[] | undefined {
  const value = values[name];
  if (!Array.isArray(value)) return undefined;
  return value
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * `--cron` → `cron_expression`; `--at HH:MM` with optional `--days` → the API's friendly `schedule`
 * (no days = every day). The API does the validation of values; this only maps the command line.
 */
export function scheduleFromFlags(
  values: Values,
  cronArgument?: string,
): { cron_expression: string } | { schedule: Schedule } | undefined {
  const cron = cronArgument ?? text(values, 'cron');
  const at = text(values, 'at');
  const days = text(values, 'days');
  if (cron !== undefined && (at !== undefined || days !== undefined)) {
    throw new UsageError('give either a cron expression or --days/--at, not both');
  }
  if (cron !== undefined) return { cron_expression: cron };
  if (days !== undefined && at === undefined) throw new UsageError('--days needs --at HH:MM');
  if (at === undefined) return undefined;
  const match = /^(\d{1,2}):(\d{2})$/.exec(at);
  if (!match) throw new UsageError(`--at takes a time as HH:MM (24 h), got "${at}"`);
  return {
    schedule: {
      days_of_week: (days ?? '')
        .split(',')
        .map((day) => day.trim())
        .filter(Boolean),
      hour: Number(match[1]),
      minute: Number(match[2]),
    },
  };
}

/**
 * The job fields the command line gives, as the API's body names them (`--task` → `task_type`, `--tz` →
 * `timezone`, `--entity` → `entity_ids`, …). Fields not given are left out, so an update keeps them.
 */
export function jobFieldsFromFlags(values: Values): JobUpdate {
  if (values.snapshot === true && values['no-snapshot'] === true) {
    throw new UsageError('--snapshot and --no-snapshot contradict each other');
  }
  const body: JobUpdate = { ...scheduleFromFlags(values) };
  const name = text(values, 'name');
  if (name !== undefined) body.name = name;
  const description = text(values, 'description');
  if (description !== undefined) body.description = description;
  const task = text(values, 'task');
  // The API checks the task type and answers 422 with the list: no second copy of the list here.
  if (task !== undefined) body.task_type = task as JobUpdate['task_type'];
  const timezone = text(values, 'tz');
  if (timezone !== undefined) body.timezone = timezone;
  const pipeline = text(values, 'pipeline');
  if (pipeline !== undefined) body.pipeline_id = pipeline;
  const entities = list(values, 'entity');
  if (entities) body.entity_ids = entities;
  const groups = list(values, 'group');
  if (groups) body.group_ids = groups;
  if (values.snapshot === true) body.with_snapshot = true;
  if (values['no-snapshot'] === true) body.with_snapshot = false;
  const writeMethod = text(values, 'write-method');
  if (writeMethod !== undefined) {
    body.snapshot_write_method = writeMethod.toUpperCase() as JobUpdate['snapshot_write_method'];
  }
  const concurrency = text(values, 'concurrency');
  if (concurrency !== undefined) {
    body.concurrency_policy = concurrency.toLowerCase() as JobUpdate['concurrency_policy'];
  }
  const grace = wholeNumber(values['misfire-grace'], '--misfire-grace');
  if (grace !== undefined) body.misfire_grace_seconds = grace;
  const attempts = wholeNumber(values['max-attempts'], '--max-attempts');
  if (attempts !== undefined) body.max_attempts = attempts;
  const timeout = wholeNumber(values.timeout, '--timeout');
  if (timeout !== undefined) body.timeout_seconds = timeout;
  Object.assign(body, taskParamsFromFlags(values));
  const notifications = notificationsFromFlags(values);
  if (notifications) body.notifications = notifications;
  return body;
}

/**
 * The automation types' parameters. Values go to the API as given (a JSON object as its text): the API
 * judges them and names the field in its answer; only the command line's own forms are checked here.
 */
function taskParamsFromFlags(values: Values): Partial<JobUpdate> {
  const params: Record<string, unknown> = {};
  const strings: Array<[string, string]> = [
    ['agent-id', 'agent_id'],
    ['sql', 'query_sql'],
    ['saved-query', 'saved_query_id'],
    ['agent-alias', 'agent_alias'],
    ['agent-input', 'agent_input'],
    ['idempotency-key', 'idempotency_key'],
    ['viz', 'viz_id'],
  ];
  for (const [flag, field] of strings) {
    const value = text(values, flag);
    if (value !== undefined) params[field] = value;
  }
  const readOnly = booleanWord(values['read-only'], '--read-only');
  if (readOnly !== undefined) params.query_read_only = readOnly;
  const reconcile = booleanWord(values.reconcile, '--reconcile');
  if (reconcile !== undefined) params.validation_reconcile = reconcile;
  const version = wholeNumber(values['agent-version'], '--agent-version');
  if (version !== undefined) params.agent_version = version;
  const vizParams = values['viz-param'];
  if (Array.isArray(vizParams)) {
    params.visualize_parameters = Object.fromEntries(
      vizParams.map((pair) => {
        const at = String(pair).indexOf('=');
        if (at <= 0) throw new UsageError(`--viz-param takes key=value, got "${String(pair)}"`);
        return [String(pair).slice(0, at), String(pair).slice(at + 1)];
      }),
    );
  }
  return params as Partial<JobUpdate>;
}

/** `--notify <url>…` (with `--notify-events`, `--notify-secret`) or `--no-notify`: the job's webhooks. */
function notificationsFromFlags(values: Values): NotificationInput[] | undefined {
  const urls = list(values, 'notify');
  if (values['no-notify'] === true) {
    if (urls) throw new UsageError('--notify and --no-notify contradict each other');
    return [];
  }
  const events = text(values, 'notify-events');
  const secret = text(values, 'notify-secret');
  if (!urls) {
    if (events !== undefined || secret !== undefined)
      throw new UsageError('--notify-events and --notify-secret need --notify <url>');
    return undefined;
  }
  if (secret !== undefined && urls.length > 1)
    throw new UsageError('--notify-secret goes with a single --notify');
  return urls.map((url) => ({
    url,
    ...(events === undefined
      ? {}
      : {
          events: events
            .split(',')
            .map((event) => event.trim())
            .filter(Boolean) as NotificationEvent[],
        }),
    ...(secret === undefined ? {} : { secret }),
  }));
}
