import type { components } from '@chronos/api-client';
import { connect } from '../client/connection.js';
import { wholeNumber } from '../client/flags.js';
import {
  expectOk,
  formatFields,
  formatInstant,
  formatTable,
  isJson,
  oneLine,
  printJson,
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
  const jobId = wholeNumber(values.job, '--job');
  const skip = wholeNumber(values.skip, '--skip');
  const limit = wholeNumber(values.limit, '--limit');
  const { client, baseUrl } = connect(context);
  const page = await expectOk(
    baseUrl,
    client.GET('/api/executions', {
      params: {
        query: {
          ...(jobId === undefined ? {} : { job_id: jobId }),
          // The API checks the status and answers 422 with the list.
          ...(typeof values.status === 'string' ? { status: values.status as ExecutionStatus } : {}),
          ...(typeof values.since === 'string' ? { since: values.since } : {}),
          ...(skip === undefined ? {} : { skip }),
          ...(limit === undefined ? {} : { limit }),
        },
      },
    }),
  );
  if (isJson(context)) {
    printJson(context, page);
    return 0;
  }
  context.stdout.write(
    formatTable(
      ['ID', 'JOB', 'TRIGGER', 'STATUS', 'SCHEDULED FOR', 'FINISHED', 'ATTEMPT', 'ERROR'],
      page.items.map((execution) => [
        String(execution.id),
        String(execution.job_id),
        execution.trigger,
        execution.status,
        formatInstant(execution.scheduled_for),
        formatInstant(execution.finished_at),
        String(execution.attempt),
        oneLine(execution.error, 50),
      ]),
    ),
  );
  context.stdout.write(`${page.items.length} of ${page.total} executions\n`);
  return 0;
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
