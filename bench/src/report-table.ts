/** Which way a figure is good: lag and memory want to be low, throughput high. */
export type Better = 'lower' | 'higher';

/** One line of the benchmark table: Chronos's figure and its baseline's, measured in the same run. */
export type BenchRow = {
  scenario: string;
  metric: string;
  unit: string;
  better: Better;
  chronos: number;
  baseline: number;
  /** What the baseline is, in a few words. */
  baselineIs: string;
  note?: string;
};

/** A figure for the table: integers stay whole, small values keep up to two decimals. */
export function formatFigure(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${text} ${unit}` : text;
}

/**
 * Chronos ÷ baseline. Read it with the `better` column: for a "lower" figure 1.0× is as fast as the
 * baseline and 3.0× three times slower; for a "higher" figure 0.25× is a quarter of the baseline's rate.
 */
export function formatRatio(chronos: number, baseline: number): string {
  if (!Number.isFinite(chronos) || !Number.isFinite(baseline) || baseline === 0) return 'n/a';
  const ratio = chronos / baseline;
  return `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** The one table `pnpm bench` prints: Markdown, so it can be pasted into bench/README.md as is. */
export function renderTable(rows: readonly BenchRow[]): string {
  const header = ['#', 'scenario', 'metric', 'better', 'Chronos', 'baseline', 'ratio', 'baseline is', 'note'];
  const lines = rows.map((row, index) =>
    [
      String(index + 1),
      row.scenario,
      row.metric,
      row.better === 'lower' ? 'lower' : 'higher',
      formatFigure(row.chronos, row.unit),
      formatFigure(row.baseline, row.unit),
      formatRatio(row.chronos, row.baseline),
      row.baselineIs,
      row.note ?? '',
    ].map(escapeCell),
  );
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] as string).length)),
  );
  const format = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] as number)).join(' | ')} |`;
  return [
    format(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...lines.map(format),
  ].join('\n');
}
