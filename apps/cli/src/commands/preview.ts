import { connect } from '../client/connection.js';
import { scheduleFromFlags, wholeNumber } from '../client/flags.js';
import { expectOk, formatInstant, isJson, printJson } from '../client/output.js';
import type { CommandRun } from '../command.js';
import { UsageError } from '../usage-error.js';

/** `chronos preview '<cron>' | --days … --at HH:MM`: POST /api/schedules/preview, nothing saved. */
export const runPreview: CommandRun = async (context) => {
  const { values } = context;
  const schedule = scheduleFromFlags(values, context.positionals[0]);
  if (!schedule) throw new UsageError("give a cron expression ('30 8 * * 1-5') or --at HH:MM [--days …]");
  const count = wholeNumber(values.count, '--count');
  const { client, baseUrl } = connect(context);
  const preview = await expectOk(
    baseUrl,
    client.POST('/api/schedules/preview', {
      body: {
        ...schedule,
        ...(typeof values.tz === 'string' ? { timezone: values.tz } : {}),
        ...(count === undefined ? {} : { count }),
        ...(typeof values.from === 'string' ? { from: values.from } : {}),
      },
    }),
  );
  if (isJson(context)) {
    printJson(context, preview);
    return 0;
  }
  context.stdout.write(
    `${preview.cron_expression}  (${preview.timezone}): ${preview.description}\nnext runs:\n${preview.next_runs
      .map((run) => `  ${formatInstant(run)}\n`)
      .join('')}`,
  );
  return 0;
};
