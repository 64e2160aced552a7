import type { BenchContext } from '../bench-context.js';
import { assertAlive } from '../child-process.js';
import { POLL_STATEMENTS, perExecution, READING_COST, readCostCounters } from '../execution-cost.js';
import { countByStatus, countExecutions, describeStatuses, listExecutionsSince } from '../executions.js';
import type { BenchRow } from '../report-table.js';
import { pipelineStartJob, seedJobs } from '../seed-jobs.js';
import { type Distribution, maxOf, summarize } from '../stats.js';
import { sleepUntil, waitFor } from '../wait-for.js';

const SCENARIO = '1 burst';
/** No new execution for this long, none open: the missing ticks are not coming. */
const STALL_MS = 30_000;

/** A 6-field cron that matches exactly the UTC second `instantMs` (once a year). */
export function cronForInstant(instantMs: number): string {
  const at = new Date(instantMs);
  return [
    at.getUTCSeconds(),
    at.getUTCMinutes(),
    at.getUTCHours(),
    at.getUTCDate(),
    at.getUTCMonth() + 1,
    '*',
  ].join(' ');
}

/**
 * Time from now to the shared due instant. Before it, seeding (~0.5 ms a job here), the reconciler
 * installing every scheduler (10 000 in about 5 s on 2 cores, 2026-12-02; 150–175 s before the cron-parse
 * cache) and the quiet 10 s reading of the database counters must all be over. With margin; `--lead`
 * overrides it.
 */
export function estimateLeadMs(jobs: number): number {
  return 10_000 + jobs * 5;
}

/**
 * Waits until every tick has an execution and none is open, or until no new execution has appeared for
 * `STALL_MS` with none open: a tick that was lost (never delivered) must be reported, not waited for.
 */
async function waitForBurstToSettle(context: BenchContext, due: Date, jobs: number): Promise<number> {
  let lastTotal = -1;
  let lastChangeAt = Date.now();
  let polls = 0;
  await waitFor(
    async () => {
      polls += 1;
      const { total, open } = await countExecutions(context.db, due);
      if (total !== lastTotal) {
        lastTotal = total;
        lastChangeAt = Date.now();
      }
      if (open > 0) return false;
      return total >= jobs || Date.now() - lastChangeAt > STALL_MS;
    },
    {
      timeoutMs: 120_000 + jobs * 50,
      intervalMs: 500,
      what: `${jobs} finished executions`,
      guard: () => assertAlive(context.chronosWorkers),
    },
  );
  return polls;
}

export type BurstResult = {
  lags: Distribution;
  allRunMs: number;
  note: string;
  cost?: { statements: number; redisCommands: number } | undefined;
};

/**
 * Chronos: `jobs` enabled jobs share one 6-field cron second. The workers' reconciler installs their
 * schedulers (the production path); the lag of each run is the simulator's journal time of its CoreHub call
 * minus the due instant, and "all run" is the last execution row's `finished_at` minus the instant.
 */
export async function measureChronosBurst(
  context: BenchContext,
  jobs: number,
  jobNamePrefix = 'bench-burst',
): Promise<BurstResult> {
  const { options, db, runsQueue, sim } = context;
  const leadMs = options.leadSeconds !== undefined ? options.leadSeconds * 1000 : estimateLeadMs(jobs);
  const dueMs = Math.ceil((Date.now() + leadMs) / 1000) * 1000;
  const cron = cronForInstant(dueMs);
  context.progress(`burst: seeding ${jobs} jobs due at ${new Date(dueMs).toISOString()} (${cron})`);
  // The default misfire grace (60 s): a tick that runs later than that is recorded `missed` and fails the
  // scenario's "every tick ran" check.
  await seedJobs(db, jobs, (index) =>
    pipelineStartJob(context.pipelineId, { name: `${jobNamePrefix}-${index + 1}`, cronExpression: cron }),
  );
  context.progress('burst: waiting for the reconciler to install every scheduler');
  await waitFor(async () => (await runsQueue.getJobSchedulersCount()) >= jobs, {
    timeoutMs: Math.max(1000, dueMs - Date.now() - 500),
    intervalMs: 250,
    what: `${jobs} schedulers before the due instant (raise --lead)`,
    guard: () => assertAlive(context.chronosWorkers),
  });
  context.progress(
    `burst: schedulers installed ${((dueMs - Date.now()) / 1000).toFixed(1)} s before the instant`,
  );
  sim.clearJournal();
  // Counting needs a quiet reading before the instant (PostgreSQL publishes counts up to 10 s late).
  const before =
    dueMs - Date.now() > 12_000 ? await readCostCounters(context.database.url, context.redis) : undefined;
  await sleepUntil(dueMs);
  const due = new Date(dueMs);
  const polls = await waitForBurstToSettle(context, due, jobs);
  const after = before ? await readCostCounters(context.database.url, context.redis) : undefined;
  const calls = sim.journal({ method: 'POST', path: /\/commands\/sync\/start$/ });
  const lags = summarize(calls.map((call) => Date.parse(call.time) - dueMs));
  const executions = await listExecutionsSince(db, due);
  const counts = countByStatus(executions);
  const lastFinished = maxOf(executions.map((execution) => execution.finishedAt?.getTime() ?? Number.NaN));
  const problems: string[] = [];
  if (executions.length < jobs) problems.push(`${jobs - executions.length} of ${jobs} ticks never ran`);
  if (calls.length !== executions.length) problems.push(`${calls.length} CoreHub calls`);
  if (counts.succeeded !== executions.length) problems.push(describeStatuses(counts));
  return {
    lags,
    allRunMs: lastFinished - dueMs,
    note: problems.length > 0 ? problems.join('; ') : `${jobs} runs, 1 call each`,
    cost:
      before && after
        ? perExecution(before, after, executions.length, {
            transactions: polls * POLL_STATEMENTS + READING_COST.transactions,
            redisCommands: READING_COST.redisCommands,
          })
        : undefined,
  };
}

/**
 * Baseline: the same number of plain BullMQ delayed jobs due at one instant, no-op processor, the same
 * number of worker processes and concurrency. Lag is BullMQ's `processedOn` minus the instant.
 */
export async function measureBaselineBurst(context: BenchContext, jobs: number): Promise<BurstResult> {
  const { rawQueue } = context;
  const dueMs = Math.ceil((Date.now() + 3000 + jobs * 0.5) / 1000) * 1000;
  const chunk = 1000;
  for (let start = 0; start < jobs; start += chunk) {
    const size = Math.min(chunk, jobs - start);
    const delay = Math.max(0, dueMs - Date.now());
    await rawQueue.addBulk(
      Array.from({ length: size }, (_, index) => ({
        name: 'noop',
        data: { n: start + index },
        opts: { delay, removeOnComplete: false },
      })),
    );
  }
  await sleepUntil(dueMs);
  await waitFor(async () => (await rawQueue.getCompletedCount()) >= jobs, {
    timeoutMs: 60_000 + jobs * 10,
    intervalMs: 250,
    what: `${jobs} baseline jobs completed`,
    guard: () => assertAlive(context.baselineWorkers),
  });
  const completed = await rawQueue.getJobs(['completed'], 0, -1);
  const lags = summarize(completed.map((job) => (job.processedOn ?? Number.NaN) - dueMs));
  const lastFinished = maxOf(completed.map((job) => job.finishedOn ?? Number.NaN));
  await rawQueue.clean(0, 0, 'completed');
  return { lags, allRunMs: lastFinished - dueMs, note: '' };
}

/** The "all N run" row of a burst: due instant → last execution final (Chronos) / last finishedOn (baseline). */
export function allRunRow(
  scenario: string,
  jobs: number,
  runs: { chronos: BurstResult; baseline: BurstResult; baselineIs: string },
  note: string,
): BenchRow {
  return {
    scenario,
    metric: `all ${jobs} run (due → last finished)`,
    unit: 'ms',
    better: 'lower',
    chronos: runs.chronos.allRunMs,
    baseline: runs.baseline.allRunMs,
    baselineIs: runs.baselineIs,
    note,
  };
}

/** Scenario 1: fire precision of `burstJobs` jobs due at the same second, against plain delayed jobs. */
export async function runBurstScenario(context: BenchContext): Promise<BenchRow[]> {
  const jobs = context.options.burstJobs;
  const chronos = await measureChronosBurst(context, jobs);
  context.progress('burst: baseline (plain delayed jobs)');
  const baseline = await measureBaselineBurst(context, jobs);
  const workers = context.options.workers;
  const baselineIs = `${jobs} plain BullMQ delayed jobs, no-op, ${workers} procs`;
  const lagRow = (metric: string, pick: (d: Distribution) => number): BenchRow => ({
    scenario: SCENARIO,
    metric,
    unit: 'ms',
    better: 'lower',
    chronos: pick(chronos.lags),
    baseline: pick(baseline.lags),
    baselineIs,
  });
  return [
    { ...lagRow('lag due → CoreHub call p50', (d) => d.p50), note: chronos.note },
    lagRow('lag p95', (d) => d.p95),
    lagRow('lag p99', (d) => d.p99),
    lagRow('lag max', (d) => d.max),
    allRunRow(
      SCENARIO,
      jobs,
      { chronos, baseline, baselineIs },
      'Chronos: last execution row final; baseline: last finishedOn',
    ),
    ...(chronos.cost
      ? [
          {
            scenario: SCENARIO,
            metric: 'database statements per tick',
            unit: '',
            better: 'lower' as const,
            chronos: chronos.cost.statements,
            baseline: Number.NaN,
            baselineIs: 'none (committed transactions in pg_stat_database ÷ executions)',
            note: `Redis commands per tick: ${chronos.cost.redisCommands.toFixed(1)} (INFO total_commands_processed, all clients, BullMQ's included)`,
          },
        ]
      : []),
  ];
}
