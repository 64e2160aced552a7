import type { components } from '@chronos/api-client';
import { connect } from '../client/connection.js';
import { pageQuery, wholeNumber } from '../client/flags.js';
import {
  expectOk,
  formatFields,
  formatInstant,
  formatTable,
  isJson,
  oneLine,
  printJson,
  printPage,
} from '../client/output.js';
import type { CommandContext, CommandRun } from '../command.js';
import { UsageError } from '../usage-error.js';

type Execution = components['schemas']['Execution'];
type ExecutionStatus = components['schemas']['ExecutionStatus'];

/** One execution with its CoreHub calls (also what `jobs run --wait` prints). */
export function printExecution(context: CommandContext, execution: Execution): void {
  context.stdout.write(
    formatFields([
      ['execution', String(execution.id)],
      ['job', String(execution.job_id)],
      ['status', execution.status],
      ['trigger', execution.trigger],
      ['scheduled for', formatInstant(execution.scheduled_for)],
      ['started', formatInstant(execution.started_at)],
      ['finished', formatInstant(execution.finished_at)],
      ['attempt', String(execution.attempt)],
      ...(execution.error ? ([['error', execution.error]] as Array<[string, string]>) : []),
    ]),
  );
  if (execution.steps.length === 0) return;
  context.stdout.write(
    `\n${formatTable(
      ['STEP', 'METHOD', 'PATH', 'STATUS', 'MS', 'MESSAGE'],
      execution.steps.map((step, index) => [
        String(index + 1),
        step.method,
        step.path,
        step.status === null ? '-' : String(step.status),
        String(step.duration_ms),
        oneLine(step.message, 80),
      ]),
    )}`,
  );
}

export const listExecutions: CommandRun = async (context) => {
  const { values } = context;
  const query = {
    job_id: wholeNumber(values.job, '--job'),
    // The API checks the status and answers 422 with the list.
    status: values.status as ExecutionStatus | undefined,
    since: values.since as string | undefined,
    ...pageQuery(values),
  };
  const { client, baseUrl } = connect(context);
  const page = await expectOk(baseUrl, client.GET('/api/executions', { params: { query } }));
  return printPage(
    context,
    page,
    'executions',
    ['ID', 'JOB', 'TRIGGER', 'STATUS', 'SCHEDULED FOR', 'FINISHED', 'ATTEMPT', 'ERROR'],
    (execution) => [
      String(execution.id),
      String(execution.job_id),
      execution.trigger,
      execution.status,
      formatInstant(execution.scheduled_for),
      formatInstant(execution.finished_at),
      String(execution.attempt),
      oneLine(execution.error, 50),
    ],
  );
};

export const getExecution: CommandRun = async (context) => {
  const id = wholeNumber(context.positionals[0], 'the execution id');
  if (!id) throw new UsageError('the execution id must be a positive whole number');
  const { client, baseUrl } = connect(context);
  const execution = await expectOk(baseUrl, client.GET('/api/executions/{id}', { params: { path: { id } } }));
  if (isJson(context)) printJson(context, execution);
  else printExecution(context, execution);
  return 0;
};
