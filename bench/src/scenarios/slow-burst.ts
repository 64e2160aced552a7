import { startBaselineWorkers, stopBaselineWorkers } from '../baseline-processes.js';
import type { BenchContext } from '../bench-context.js';
import { startChronosWorkers, stopChronosWorkers } from '../chronos-processes.js';
import type { BenchRow } from '../report-table.js';
import { allRunRow, measureBaselineBurst, measureChronosBurst } from './burst.js';

const SCENARIO = '1b slow burst';

/**
 * Scenario 1b: the burst of scenario 1 where every CoreHub call takes `slowCallMs` (the simulator's delay),
 * with workers at the concurrency a user sets for slow calls. Here concurrency, not CPU, bounds the run: an
 * execution waiting on CoreHub must cost little. The baseline's jobs wait the same time and run at the same
 * concurrency. The run's own workers are swapped for ones at `slowConcurrency` and put back afterwards.
 */
export async function runSlowBurstScenario(context: BenchContext): Promise<BenchRow[]> {
  const { burstJobs: jobs, workers, slowCallMs, slowConcurrency } = context.options;
  const workerCount = context.chronosWorkers.length;
  const baselineCount = context.baselineWorkers.length;
  await stopChronosWorkers(context, 0);
  await stopBaselineWorkers(context, 0);
  context.sim.addFault({ route: 'POST /pipelines/**', delayMs: slowCallMs });
  try {
    context.progress(
      `slow burst: ${workers} workers × concurrency ${slowConcurrency}, CoreHub ${slowCallMs} ms`,
    );
    await startChronosWorkers(context, workers, { WORKER_CONCURRENCY: String(slowConcurrency) });
    const chronos = await measureChronosBurst(context, jobs, 'bench-slow-burst');
    await stopChronosWorkers(context, 0);
    context.progress('slow burst: baseline (plain delayed jobs that wait as long)');
    await startBaselineWorkers(context, workers, () => context.rawQueue.getWorkersCount(), {
      concurrency: slowConcurrency,
      jobWaitMs: slowCallMs,
    });
    const baseline = await measureBaselineBurst(context, jobs);
    await stopBaselineWorkers(context, 0);
    const baselineIs = `${jobs} plain BullMQ delayed jobs waiting ${slowCallMs} ms, ${workers} procs × ${slowConcurrency}`;
    return [
      {
        scenario: SCENARIO,
        metric: 'lag due → CoreHub call p99',
        unit: 'ms',
        better: 'lower',
        chronos: chronos.lags.p99,
        baseline: baseline.lags.p99,
        baselineIs,
        note: chronos.note,
      },
      allRunRow(
        SCENARIO,
        jobs,
        { chronos, baseline, baselineIs },
        `CoreHub ${slowCallMs} ms per call; WORKER_CONCURRENCY ${slowConcurrency}`,
      ),
    ];
  } finally {
    context.sim.clearFaults();
    if (context.chronosWorkers.length < workerCount) {
      await stopChronosWorkers(context, 0);
      await startChronosWorkers(context, workerCount);
    }
    if (context.baselineWorkers.length < baselineCount) {
      await stopBaselineWorkers(context, 0);
      await startBaselineWorkers(context, baselineCount, () => context.rawQueue.getWorkersCount());
    }
  }
}
