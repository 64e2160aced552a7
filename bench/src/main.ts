import os from 'node:os';
/**
 * `pnpm bench`: Chronos measured against the limits of the parts it stands on, in one run on this machine,
 * printed as one table (stdout; progress goes to stderr). See bench/README.md.
 */

import { startBaselineExpress, startBaselineWorkers, stopBaselineWorkers } from './baseline-processes.js';
import type { BenchContext } from './bench-context.js';
import { openBenchContext } from './bench-context.js';
import { startChronosApi, startChronosWorkers, stopChronosWorkers } from './chronos-processes.js';
import { type BenchOptions, parseBenchOptions, USAGE, UsageError } from './options.js';
import { type BenchRow, renderTable } from './report-table.js';
import { runApiScenario } from './scenarios/api.js';
import { runBurstScenario } from './scenarios/burst.js';
import { compiledFootprintRows, footprintRows, sampleIdle, sampleRss } from './scenarios/footprint.js';
import { measureCompiledFootprint } from './scenarios/footprint-compiled.js';
import { runReconcileScenario } from './scenarios/reconcile.js';
import { runSlowBurstScenario } from './scenarios/slow-burst.js';
import { runThroughputScenario } from './scenarios/throughput.js';
import { sleep } from './wait-for.js';

/** Starts the processes the selected scenarios share, then (for scenario 5) reads their idle RSS. */
async function startProcesses(context: BenchContext): Promise<void> {
  const { scenarios, workers } = context.options;
  const wantsWorkers = scenarios.some(
    (id) => id === 'burst' || id === 'slow-burst' || id === 'throughput' || id === 'footprint',
  );
  const wantsApi = scenarios.includes('api') || scenarios.includes('footprint');
  context.progress('starting processes (Chronos api and workers, baselines)');
  await Promise.all([
    wantsApi ? startChronosApi(context) : undefined,
    wantsApi ? startBaselineExpress(context) : undefined,
    wantsWorkers ? startChronosWorkers(context, workers) : undefined,
    wantsWorkers
      ? startBaselineWorkers(context, workers, () => context.rawQueue.getWorkersCount())
      : undefined,
  ]);
  if (scenarios.includes('footprint')) {
    await sleep(context.options.settleMs);
    sampleIdle(context);
  }
}

/** Runs one scenario; a failure becomes a row saying so (the other scenarios still run). */
async function runGuarded(
  context: BenchContext,
  id: string,
  rows: BenchRow[],
  scenario: () => Promise<BenchRow[]>,
): Promise<boolean> {
  try {
    rows.push(...(await scenario()));
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.progress(`${id} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    rows.push({
      scenario: id,
      metric: 'FAILED',
      unit: '',
      better: 'lower',
      chronos: Number.NaN,
      baseline: Number.NaN,
      baselineIs: '',
      note: message.split('\n')[0] ?? '',
    });
    context.keepsWorkDir = true;
    return false;
  }
}

async function runScenarios(context: BenchContext): Promise<{ rows: BenchRow[]; isComplete: boolean }> {
  const { scenarios } = context.options;
  const rows: BenchRow[] = [];
  let isComplete = true;
  const run = async (id: string, scenario: () => Promise<BenchRow[]>) => {
    isComplete = (await runGuarded(context, id, rows, scenario)) && isComplete;
  };
  await startProcesses(context);
  if (scenarios.includes('burst')) await run('1 burst', () => runBurstScenario(context));
  if (scenarios.includes('slow-burst')) await run('1b slow burst', () => runSlowBurstScenario(context));
  if (scenarios.includes('throughput')) {
    await run('2 throughput', () => runThroughputScenario(context));
    context.footprint.workerAfterRuns = {
      chronos: sampleRss(context.chronosWorkers),
      baseline: sampleRss(context.baselineWorkers),
    };
  }
  // Workers stop here: the API's POSTs must not share the machine with a reconciler pass.
  await stopChronosWorkers(context, 0);
  await stopBaselineWorkers(context, 0);
  if (scenarios.includes('api')) {
    await run('3 api', () => runApiScenario(context));
    context.footprint.apiAfterLoad = {
      chronos: sampleRss([context.api]),
      baseline: sampleRss([context.bareExpress?.child]),
    };
  }
  await context.api?.stop();
  await context.bareExpress?.child.stop();
  if (scenarios.includes('reconcile')) await run('4 reconcile', () => runReconcileScenario(context));
  if (scenarios.includes('footprint')) {
    rows.push(...footprintRows(context));
    await run('5 footprint', async () => compiledFootprintRows(await measureCompiledFootprint(context)));
  }
  return { rows, isComplete };
}

function describeRun(options: BenchOptions): string {
  return [
    options.isQuick ? 'quick' : 'full',
    `burst ${options.burstJobs} jobs`,
    `${options.workers} workers × concurrency ${options.concurrency}`,
    `${options.runs} runs per phase`,
    `api ${options.apiJobs} jobs, ${options.connections} connections × ${options.durationSeconds} s`,
    `reconcile ${options.reconcileSizes.join('/')}`,
    `LOG_LEVEL ${options.logLevel}`,
  ].join('; ');
}

async function main(): Promise<number> {
  let options: BenchOptions | null;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof TypeError)) throw error;
    process.stderr.write(`pnpm bench: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    process.stdout.write(USAGE);
    return 0;
  }
  const startedAt = Date.now();
  const loadAtStart = os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
  const context = await openBenchContext(options, process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let isInterrupted = false;
  const onSignal = () => {
    if (isInterrupted) process.exit(130);
    isInterrupted = true;
    context.progress('interrupted: cleaning up (again to exit at once)');
    void context.close().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { rows, isComplete } = await runScenarios(context);
    const minutes = ((Date.now() - startedAt) / 60_000).toFixed(1);
    // Other work on the machine moves every figure: the load average says how busy it was.
    const load = os.loadavg().map((value) => value.toFixed(1));
    const machine = `${os.cpus().length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load average ${loadAtStart} → ${load.join(' ')}`;
    process.stdout.write(
      `\nChronos bench — ${new Date().toISOString()} — ${describeRun(options)} — ${minutes} min\n`,
    );
    process.stdout.write(`machine: ${machine}\n\n`);
    process.stdout.write(`${renderTable(rows)}\n`);
    // A failed scenario still prints its row, but the run is not a success (CI's smoke step must see it).
    return isComplete ? 0 : 1;
  } catch (error) {
    process.stderr.write(
      `pnpm bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.stderr.write(`process logs: ${context.workDir} (kept)\n`);
    context.keepsWorkDir = true;
    return 1;
  } finally {
    await context.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`pnpm bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
