import { describe, expect, it } from 'vitest';
import { type BenchRow, formatFigure, formatRatio, renderTable } from './report-table.js';

describe('formatFigure', () => {
  it('keeps fewer decimals as values grow, and says n/a for a figure that was not measured', () => {
    expect(formatFigure(1234.56, 'ms')).toBe('1,235 ms');
    expect(formatFigure(12.345, '/s')).toBe('12.3 /s');
    expect(formatFigure(1.2345, 'MiB')).toBe('1.23 MiB');
    expect(formatFigure(Number.NaN, 'ms')).toBe('n/a');
  });
});

describe('formatRatio', () => {
  it('divides Chronos by the baseline', () => {
    expect(formatRatio(300, 100)).toBe('3.00×');
    expect(formatRatio(2500, 100)).toBe('25.0×');
    expect(formatRatio(25, 100)).toBe('0.25×');
  });

  it('is n/a when the baseline is zero or missing', () => {
    expect(formatRatio(1, 0)).toBe('n/a');
    expect(formatRatio(1, Number.NaN)).toBe('n/a');
  });
});

describe('renderTable', () => {
  const row: BenchRow = {
    scenario: '1 burst',
    metric: 'lag p50',
    unit: 'ms',
    better: 'lower',
    chronos: 120,
    baseline: 40,
    baselineIs: 'plain | delayed jobs',
  };

  it('prints a Markdown table with one numbered line per row and aligned columns', () => {
    const lines = renderTable([row, { ...row, metric: 'lag p99', chronos: 300 }]).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\| # +\| scenario/);
    expect(lines[1]).toMatch(/^\|-+\|/);
    expect(lines[2]).toContain('| 120 ms ');
    expect(lines[3]).toContain('| 7.50× ');
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });

  it('escapes pipes inside cells', () => {
    expect(renderTable([row])).toContain('plain \\| delayed jobs');
  });
});
