import { describeApiError } from '@chronos/api-client';
import type { CommandContext } from '../command.js';
import { CommandFailure } from '../usage-error.js';

type Answer<D> = { data?: D; error?: unknown; response: Response };

/**
 * The answer's body, or a CommandFailure (exit 1) worded by the API: its `detail` and field issues. A
 * connection that fails names the URL and how to point elsewhere.
 */
export async function expectOk<D>(baseUrl: string, pending: Promise<Answer<D>>): Promise<D> {
  let answer: Answer<D>;
  try {
    answer = await pending;
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new CommandFailure(
      `cannot reach Chronos at ${baseUrl} (${reason}); is it running? Point elsewhere with --url or CHRONOS_URL`,
    );
  }
  if (answer.error !== undefined || !answer.response.ok) {
    throw new CommandFailure(
      `${describeApiError(answer.error, answer.response)} (HTTP ${answer.response.status})`,
    );
  }
  return answer.data as D;
}

/** `--json`: the API's answer as it came, one document on stdout. */
export function printJson(context: CommandContext, value: unknown): void {
  context.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function isJson(context: CommandContext): boolean {
  return context.values.json === true;
}

/** A `{items, total}` answer: `--json` as it came, else a table and how many of how many. */
export function printPage<T>(
  context: CommandContext,
  page: { items: T[]; total: number },
  noun: string,
  headers: string[],
  toRow: (item: T) => string[],
): number {
  if (isJson(context)) {
    printJson(context, page);
    return 0;
  }
  context.stdout.write(formatTable(headers, page.items.map(toRow)));
  context.stdout.write(`${page.items.length} of ${page.total} ${noun}\n`);
  return 0;
}

/** An instant as `2026-12-07 08:30:00+01:00` (the API's offset kept), or `-`. */
export function formatInstant(value: string | null | undefined): string {
  if (!value) return '-';
  return value.replace('T', ' ').replace(/\.\d+(?=Z|[+-]\d\d:\d\d$)/, '');
}

/** Columns padded to their widest cell; the last column is not padded. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, index) =>
    Math.max(header.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}

/** `label  value` lines, labels padded, for one object. */
export function formatFields(fields: Array<[string, string]>): string {
  const width = Math.max(...fields.map(([label]) => label.length));
  return `${fields.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}

/** One line of free text for a table cell. */
export function oneLine(text: string | null | undefined, max = 60): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
