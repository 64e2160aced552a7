import type { components } from '@chronos/api-client';
import { connect } from '../client/connection.js';
import { booleanWord, jobFieldsFromFlags, pageQuery, wholeNumber } from '../client/flags.js';
import {
  expectOk,
  formatFields,
  formatInstant,
  isJson,
  oneLine,
  printJson,
  printPage,
} from '../client/output.js';
import type { CommandContext, CommandRun } from '../command.js';
import { CommandFailure, UsageError } from '../usage-error.js';
import { printExecution } from './executions.js';

type Job = components['schemas']['Job'];

/** The job id argument (the parser made sure there is one). */
function jobId(context: CommandContext): number {
  const id = wholeNumber(context.positionals[0], 'the job id');
  if (!id) throw new UsageError('the job id must be a positive whole number');
  return id;
}

function describeJob(job: Job): string {
  const targets = [
    job.pipeline_id ? `pipeline ${job.pipeline_id}` : '',
    job.entity_ids.length > 0 ? `entities ${job.entity_ids.join(', ')}` : '',
    job.group_ids.length > 0 ? `groups ${job.group_ids.join(', ')}` : '',
  ].filter(Boolean);
  return formatFields([
    ['id', String(job.id)],
    ['name', job.name],
    ...(job.description ? ([['description', job.description]] as Array<[string, string]>) : []),
    ['task', job.task_type],
    ['targets', targets.join('; ') || '-'],
    ['schedule', `${job.cron_expression}  (${job.schedule_description})`],
    ['timezone', job.timezone_name + (job.follows_default_timezone ? ' (the timezone setting)' : '')],
    ['enabled', job.enabled ? 'yes' : 'no'],
    ['next run', formatInstant(job.next_run)],
    ['last run', `${formatInstant(job.last_run)}${job.last_status ? `  ${job.last_status}` : ''}`],
    ...(job.last_error_message
      ? ([['last error', oneLine(job.last_error_message, 200)]] as Array<[string, string]>)
      : []),
    [
      'policy',
      `concurrency ${job.concurrency_policy}, misfire grace ${job.misfire_grace_seconds} s, ` +
        `${job.max_attempts} attempts, timeout ${job.timeout_seconds} s`,
    ],
    ...job.notifications.map(
      (notification) =>
        ['webhook', `${notification.url}  on ${notification.events.join(', ')}`] as [string, string],
    ),
    ...(job.schedule_sync === 'pending'
      ? ([['schedule sync', 'pending (Redis was down; a worker writes it)']] as Array<[string, string]>)
      : []),
  ]);
}

/** A job as the answer of a write: `--json` prints the API's document, else a sentence and the fields. */
function printJob(context: CommandContext, job: Job, headline?: string): number {
  if (isJson(context)) printJson(context, job);
  else {
    context.stdout.write(`${headline ? `${headline}\n` : ''}${describeJob(job)}`);
    // Answered by this write only: the API never shows a secret again.
    for (const notification of job.notifications) {
      if (notification.secret) {
        context.stdout.write(
          `Signing secret of ${notification.url} (store it now): ${notification.secret}\n`,
        );
      }
    }
  }
  return 0;
}

export const listJobs: CommandRun = async (context) => {
  const { client, baseUrl } = connect(context);
  const { values } = context;
  const query = {
    // The API checks the task type and answers 422 with the list.
    task_type: values.task as components['schemas']['TaskType'] | undefined,
    enabled: booleanWord(values.enabled, '--enabled'),
    ...pageQuery(values),
  };
  const page = await expectOk(baseUrl, client.GET('/api/jobs', { params: { query } }));
  return printPage(
    context,
    page,
    'jobs',
    ['ID', 'NAME', 'TASK', 'SCHEDULE', 'TIMEZONE', 'ENABLED', 'NEXT RUN', 'LAST'],
    (job) => [
      String(job.id),
      oneLine(job.name, 40),
      job.task_type,
      job.cron_expression,
      job.timezone_name,
      job.enabled ? 'yes' : 'no',
      formatInstant(job.next_run),
      job.last_status ?? '-',
    ],
  );
};

export const getJob: CommandRun = async (context) => {
  const { client, baseUrl } = connect(context);
  const id = jobId(context);
  const job = await expectOk(baseUrl, client.GET('/api/jobs/{id}', { params: { path: { id } } }));
  return printJob(context, job);
};

export const createJob: CommandRun = async (context) => {
  const fields = jobFieldsFromFlags(context.values);
  const { name, task_type } = fields;
  if (name === undefined) throw new UsageError('--name is required');
  if (task_type === undefined) throw new UsageError('--task is required (e.g. entity_start)');
  if (fields.cron_expression === undefined && fields.schedule === undefined) {
    throw new UsageError('a schedule is required: --cron <expr>, or --at HH:MM with optional --days');
  }
  const { client, baseUrl } = connect(context);
  const job = await expectOk(
    baseUrl,
    client.POST('/api/jobs', {
      body: { ...fields, name, task_type, ...(context.values.disabled === true ? { enabled: false } : {}) },
    }),
  );
  return printJob(context, job, `Created job ${job.id}.`);
};

export const updateJob: CommandRun = async (context) => {
  const id = jobId(context);
  const fields = jobFieldsFromFlags(context.values);
  if (Object.keys(fields).length === 0) {
    throw new UsageError('nothing to change: give at least one field option (chronos jobs update --help)');
  }
  const { client, baseUrl } = connect(context);
  if (fields.notifications && fields.notifications.length > 0) {
    // A URL the job already calls keeps its notification (and secret): --notify names URLs, not ids.
    const current = await expectOk(baseUrl, client.GET('/api/jobs/{id}', { params: { path: { id } } }));
    fields.notifications = fields.notifications.map((notification) => {
      const existing = current.notifications.find((known) => known.url === notification.url);
      return existing ? { id: existing.id, ...notification } : notification;
    });
  }
  const job = await expectOk(
    baseUrl,
    client.PUT('/api/jobs/{id}', { params: { path: { id } }, body: fields }),
  );
  return printJob(context, job, `Updated job ${job.id}.`);
};

function setEnabled(enabled: boolean): CommandRun {
  return async (context) => {
    const { client, baseUrl } = connect(context);
    const id = jobId(context);
    const job = await expectOk(
      baseUrl,
      client.PATCH('/api/jobs/{id}/status', { params: { path: { id } }, body: { enabled } }),
    );
    if (isJson(context)) printJson(context, job);
    else {
      context.stdout.write(
        enabled
          ? `Job ${job.id} enabled; next run ${formatInstant(job.next_run)}.\n`
          : `Job ${job.id} disabled; its history stays and it can still be run by hand.\n`,
      );
    }
    return 0;
  };
}

export const enableJob = setEnabled(true);
export const disableJob = setEnabled(false);

export const deleteJob: CommandRun = async (context) => {
  const { client, baseUrl } = connect(context);
  const id = jobId(context);
  await expectOk(baseUrl, client.DELETE('/api/jobs/{id}', { params: { path: { id } } }));
  if (isJson(context)) printJson(context, { id, deleted: true });
  else context.stdout.write(`Deleted job ${id} with its scheduler and history.\n`);
  return 0;
};

/**
 * Run now. Without --wait: the queued execution, exit 0. With --wait: the execution as it ended, exit 0
 * only when it succeeded (1 when it failed, timed out, was skipped, or the wait ran out).
 */
export const runJob: CommandRun = async (context) => {
  const { client, baseUrl } = connect(context);
  const id = jobId(context);
  const timeout = wholeNumber(context.values.timeout, '--timeout');
  if (context.values.wait !== true) {
    if (timeout !== undefined) throw new UsageError('--timeout goes with --wait');
    const execution = await expectOk(
      baseUrl,
      client.POST('/api/jobs/{id}/run', { params: { path: { id } } }),
    );
    if (isJson(context)) printJson(context, execution);
    else {
      context.stdout.write(
        `Execution ${execution.id} of job ${id} ${execution.status}; follow it with: chronos executions get ${execution.id}\n`,
      );
    }
    return 0;
  }
  const result = await expectOk(
    baseUrl,
    client.POST('/api/jobs/{id}/run', {
      params: {
        path: { id },
        query: { wait: true, ...(timeout === undefined ? {} : { timeout_seconds: timeout }) },
      },
    }),
  );
  if (isJson(context)) printJson(context, result);
  else printExecution(context, result);
  if ('success' in result && result.success) return 0;
  const message = 'message' in result ? result.message : (result.error ?? 'not finished');
  throw new CommandFailure(`execution ${result.id} ${result.status}: ${message}`);
};

export const listDeliveries: CommandRun = async (context) => {
  const { client, baseUrl } = connect(context);
  const id = jobId(context);
  const executionId = wholeNumber(context.values.execution, '--execution');
  const query = { ...pageQuery(context.values), ...(executionId ? { execution_id: executionId } : {}) };
  const page = await expectOk(
    baseUrl,
    client.GET('/api/jobs/{id}/notifications/deliveries', { params: { path: { id }, query } }),
  );
  return printPage(
    context,
    page,
    'delivery attempts',
    ['WHEN', 'EVENT', 'EXECUTION', 'ATTEMPT', 'OUTCOME', 'ANSWER', 'MS', 'URL'],
    (delivery) => [
      formatInstant(delivery.attempted_at),
      delivery.event,
      String(delivery.execution_id),
      String(delivery.attempt),
      delivery.outcome,
      delivery.status_code === null ? oneLine(delivery.error ?? '-', 40) : String(delivery.status_code),
      String(delivery.duration_ms),
      delivery.url,
    ],
  );
};
