import type { BenchContext } from '../bench-context.js';
import type { ChildHandle } from '../child-process.js';
import type { BenchRow } from '../report-table.js';
import type { CompiledFootprint } from './footprint-compiled.js';

const SCENARIO = '5 footprint';
const MIB = 1024 * 1024;

/** RSS of the first child of a role (the one that lived through every scenario so far). */
export function sampleRss(children: readonly (ChildHandle | undefined)[]): number | undefined {
  return children[0]?.readRssBytes();
}

/** Reads the idle RSS of the first API/worker and their baselines (processes started, nothing done yet). */
export function sampleIdle(context: BenchContext): void {
  context.footprint.idleApi = {
    chronos: sampleRss([context.api]),
    baseline: sampleRss([context.bareExpress?.child]),
  };
  context.footprint.idleWorker = {
    chronos: sampleRss(context.chronosWorkers),
    baseline: sampleRss(context.baselineWorkers),
  };
}

/** Scenario 5: the table rows of the samples taken during the run. */
export function footprintRows(context: BenchContext): BenchRow[] {
  const rows: BenchRow[] = [];
  const add = (
    sample: { chronos?: number; baseline?: number } | undefined,
    metric: string,
    baselineIs: string,
    note?: string,
  ) => {
    if (!sample) return;
    rows.push({
      scenario: SCENARIO,
      metric,
      unit: 'MiB',
      better: 'lower',
      chronos: (sample.chronos ?? Number.NaN) / MIB,
      baseline: (sample.baseline ?? Number.NaN) / MIB,
      baselineIs,
      ...(note ? { note } : {}),
    });
  };
  const { footprint, options } = context;
  add(footprint.idleApi, 'RSS idle api', 'bare Express process', 'both under tsx (source)');
  add(footprint.idleWorker, 'RSS idle worker', 'bare BullMQ worker process', 'both under tsx (source)');
  add(
    footprint.workerAfterRuns,
    'RSS worker after scenario 2',
    'bare BullMQ worker after its runs',
    `the worker that ran scenarios 1 and 2 (its share of ${options.burstJobs + options.runs} runs, then ${options.runs} alone)`,
  );
  add(footprint.apiAfterLoad, 'RSS api after scenario 3', 'bare Express after its load');
  return rows;
}

/** Scenario 5, as the images run the apps: compiled `dist/` under plain node, baselines under plain node. */
export function compiledFootprintRows(footprint: CompiledFootprint): BenchRow[] {
  if (footprint.kind === 'not-built') {
    return [
      {
        scenario: SCENARIO,
        metric: 'RSS idle api/worker, compiled',
        unit: 'MiB',
        better: 'lower',
        chronos: Number.NaN,
        baseline: Number.NaN,
        baselineIs: '',
        note: 'not measured: run `pnpm build` first (apps/*/dist missing)',
      },
    ];
  }
  const row = (metric: string, chronos: number, baseline: number, baselineIs: string): BenchRow => ({
    scenario: SCENARIO,
    metric,
    unit: 'MiB',
    better: 'lower',
    chronos: chronos / MIB,
    baseline: baseline / MIB,
    baselineIs,
    note: 'both under plain node, as the images run them',
  });
  return [
    row('RSS idle api, compiled dist/', footprint.api, footprint.bareExpress, 'bare Express process'),
    row(
      'RSS idle worker, compiled dist/',
      footprint.worker,
      footprint.bareWorker,
      'bare BullMQ worker process',
    ),
  ];
}
