import { enqueueRunNow } from '@chronos/queue';
import { startBaselineWorkers, stopBaselineWorkers } from '../baseline-processes.js';
import type { BenchContext } from '../bench-context.js';
import { assertAlive } from '../child-process.js';
import { startChronosWorkers, stopChronosWorkers } from '../chronos-processes.js';
import { POLL_STATEMENTS, perExecution, READING_COST, readCostCounters } from '../execution-cost.js';
import { countByStatus, countExecutions, describeStatuses, listExecutionsSince } from '../executions.js';
import type { BenchRow } from '../report-table.js';
import { pipelineStartJob, seedJobs } from '../seed-jobs.js';
import { maxOf } from '../stats.js';
import { mapConcurrent, sleep, waitFor } from '../wait-for.js';

const SCENARIO = '2 throughput';

type PhaseResult = { perSecond: number; note: string; cost?: { statements: number; redisCommands: number } };

/**
 * One Chronos phase: with the runs queue paused, the bench does what `POST /api/jobs/{id}/run` does for
 * every job (a `queued` manual execution row, then the run-now queue job), then resumes the queue. The rate
 * is runs ÷ (last `finished_at` − resume): queue → worker → CoreHub call → execution row final.
 */
async function measureChronosPhase(context: BenchContext, jobIds: readonly number[]): Promise<PhaseResult> {
  const { db, runsQueue } = context;
  // Rows of this phase are the ones scheduled from here on (the unique key is per job and instant).
  const phaseStart = new Date(Date.now() + 1);
  await sleep(2);
  await runsQueue.pause();
  await mapConcurrent(jobIds, 16, async (jobId) => {
    const { execution } = await db.executions.createIfAbsent({
      jobId,
      trigger: 'manual',
      scheduledFor: phaseStart,
      status: 'queued',
      queuedAt: new Date(),
    });
    await enqueueRunNow(runsQueue, { jobId, executionId: execution.id });
  });
  const poll = () => countExecutions(db, phaseStart);
  const before = await readCostCounters(context.database.url, context.redis);
  let polls = 0;
  const resumedAt = Date.now();
  await runsQueue.resume();
  await waitFor(
    async () => {
      polls += 1;
      const { total, open } = await poll();
      return total >= jobIds.length && open === 0;
    },
    {
      timeoutMs: 60_000 + jobIds.length * 100,
      intervalMs: 250,
      what: `${jobIds.length} run-now executions`,
      guard: () => assertAlive(context.chronosWorkers),
    },
  );
  const after = await readCostCounters(context.database.url, context.redis);
  // The bench's polls count only in the database; their Redis share is nil.
  const cost = perExecution(before, after, jobIds.length, {
    transactions: polls * POLL_STATEMENTS + READING_COST.transactions,
    redisCommands: READING_COST.redisCommands,
  });
  const executions = await listExecutionsSince(db, phaseStart);
  const counts = countByStatus(executions);
  const lastFinished = maxOf(executions.map((execution) => execution.finishedAt?.getTime() ?? Number.NaN));
  return {
    perSecond: jobIds.length / ((lastFinished - resumedAt) / 1000),
    note: counts.succeeded === jobIds.length ? '' : describeStatuses(counts),
    cost,
  };
}

/** One baseline phase: the same number of no-op jobs, queued while paused, drained by the no-op workers. */
async function measureBaselinePhase(context: BenchContext, runs: number): Promise<PhaseResult> {
  const { rawQueue } = context;
  await rawQueue.pause();
  for (let start = 0; start < runs; start += 1000) {
    const size = Math.min(1000, runs - start);
    await rawQueue.addBulk(
      Array.from({ length: size }, (_, index) => ({
        name: 'noop',
        data: { n: start + index },
        opts: { removeOnComplete: false },
      })),
    );
  }
  const resumedAt = Date.now();
  await rawQueue.resume();
  await waitFor(async () => (await rawQueue.getCompletedCount()) >= runs, {
    timeoutMs: 60_000 + runs * 10,
    intervalMs: 100,
    what: `${runs} baseline jobs completed`,
    guard: () => assertAlive(context.baselineWorkers),
  });
  const completed = await rawQueue.getJobs(['completed'], 0, -1);
  const lastFinished = maxOf(completed.map((job) => job.finishedOn ?? Number.NaN));
  await rawQueue.clean(0, 0, 'completed');
  return { perSecond: runs / ((lastFinished - resumedAt) / 1000), note: '' };
}

/**
 * Scenario 2: run-now executions per second with all workers, then with one (the others stopped), against
 * no-op BullMQ jobs with the same worker counts. Jobs are seeded disabled (no scheduler, so no tick can mix
 * in) with the default `forbid` policy: every run takes and releases the overlap lease as in production.
 */
export async function runThroughputScenario(context: BenchContext): Promise<BenchRow[]> {
  const { options } = context;
  context.progress(`throughput: seeding ${options.runs} jobs`);
  const jobIds = await seedJobs(context.db, options.runs, (index) =>
    pipelineStartJob(context.pipelineId, {
      name: `bench-run-now-${index + 1}`,
      cronExpression: '0 0 1 1 *',
      enabled: false,
    }),
  );
  const rows: BenchRow[] = [];
  for (const workers of [options.workers, 1]) {
    await stopChronosWorkers(context, workers);
    await stopBaselineWorkers(context, workers);
    if (context.chronosWorkers.length < workers) {
      await startChronosWorkers(context, workers - context.chronosWorkers.length);
    }
    const countRaw = () => context.rawQueue.getWorkersCount();
    if (context.baselineWorkers.length < workers) {
      await startBaselineWorkers(context, workers - context.baselineWorkers.length, countRaw);
    }
    context.progress(`throughput: ${options.runs} run-now with ${workers} worker(s)`);
    const chronos = await measureChronosPhase(context, jobIds);
    const baseline = await measureBaselinePhase(context, options.runs);
    rows.push({
      scenario: SCENARIO,
      metric: `run-now end to end, ${workers} worker${workers === 1 ? '' : 's'}`,
      unit: '/s',
      better: 'higher',
      chronos: chronos.perSecond,
      baseline: baseline.perSecond,
      baselineIs: `raw BullMQ no-op jobs, ${workers} proc${workers === 1 ? '' : 's'}`,
      note: chronos.note || `${options.runs} runs, concurrency ${options.concurrency}`,
    });
    if (chronos.cost) {
      rows.push({
        scenario: SCENARIO,
        metric: `database statements per run-now execution, ${workers} worker${workers === 1 ? '' : 's'}`,
        unit: '',
        better: 'lower',
        chronos: chronos.cost.statements,
        // The API's share (row + queue job) happens before the phase; a raw BullMQ job touches no database.
        baseline: Number.NaN,
        baselineIs: 'none (committed transactions in pg_stat_database ÷ executions)',
        note: `Redis commands per execution: ${chronos.cost.redisCommands.toFixed(1)} (INFO total_commands_processed, all clients, BullMQ's included)`,
      });
    }
  }
  return rows;
}
