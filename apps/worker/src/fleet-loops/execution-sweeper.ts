import type { Db } from '@chronos/db';
import { type Execution, isChainStepDue, type Job } from '@chronos/jobs';
import {
  chainStepQueueJobId,
  type ExecutionEventPublisher,
  enqueueCatchup,
  enqueueChainStep,
  enqueueFlowFire,
  enqueueRunNow,
  flowFireQueueJobId,
  isQueueJobLive,
  queueJobIdOf,
  type RunsQueue,
} from '@chronos/queue';
import { finishExecution } from '../execution/finish-execution.js';
import { createLeasedLoop, type FleetLoopBase, type LeasedLoop } from './leased-loop.js';

export type SweepReport = {
  requeued: number[];
  abandoned: number[];
  /** Flow log ids queued again, and closed because BullMQ gave up on them. */
  requeuedFlows: number[];
  abandonedFlows: number[];
  /** Chain steps not started whose queue job was gone: `<executionId>-<position>`. */
  requeuedSteps: string[];
};

export type ExecutionSweeperOptions = FleetLoopBase & {
  db: Db;
  queue: RunsQueue;
  /** How long an open execution may have no live queue job before it is repaired. */
  staleAfterMs: number;
  publish: ExecutionEventPublisher;
  now: () => Date;
};

/*
 * Nothing stays open forever (DESIGN.md §4 "nothing lost"). An execution row is `queued` or `running` while a
 * BullMQ job carries it. When that job is gone — Redis restarted without persistence or was flushed, or
 * BullMQ gave up on a job whose workers kept dying (stalled more than `maxStalledCount` times) — the row
 * would stay open, and `forbid` would skip the job's ticks forever. Each pass, for rows open longer than
 * `staleAfterMs` (plus the job's timeout once started) whose queue job is gone or dead:
 * - a run-now or catch-up run that never started is queued again (same queue job id, so a race with the API is harmless);
 * - anything else is closed as `failed`, saying why: whether CoreHub received its calls is unknown, so it is
 *   not run again behind the operator's back.
 */
export function createExecutionSweeper(options: ExecutionSweeperOptions): LeasedLoop<SweepReport> {
  const logger = options.logger.child({ component: 'execution-sweeper' });

  const isCarried = (execution: Execution) => isQueueJobLive(options.queue, queueJobIdOf(execution));

  async function repair(execution: Execution, job: Job, report: SweepReport): Promise<void> {
    const isWaiting = execution.status === 'queued' && execution.startedAt === null;
    if (isWaiting && execution.trigger !== 'schedule') {
      const enqueue = execution.trigger === 'manual' ? enqueueRunNow : enqueueCatchup;
      await enqueue(options.queue, { jobId: execution.jobId, executionId: execution.id });
      report.requeued.push(execution.id);
      return;
    }
    await finishExecution(
      {
        db: options.db,
        publish: options.publish,
        logger: logger.child({ jobId: job.id, executionId: execution.id }),
        now: options.now,
      },
      {
        job,
        execution,
        status: 'failed',
        error:
          'abandoned: the queue no longer holds this execution (Redis lost it, or its workers died repeatedly); ' +
          'it was not run again because its CoreHub calls may already have happened',
      },
    );
    report.abandoned.push(execution.id);
  }

  /**
   * A fired flow's log row open longer than `staleAfterMs` with no live `flow-<logId>` queue job (the api died
   * between the row and the queue job, or Redis lost it) is queued again under the same id: the flow resumes
   * from its first event not done (flows are built to resume; only an event whose call was in flight when
   * its worker died is made again, as after a stalled delivery). One BullMQ still holds as failed (its
   * workers kept dying on it) is closed `failed` instead: running it again would likely kill another.
   */
  async function sweepFlows(cutoff: number, report: SweepReport): Promise<void> {
    const open = await options.db.flowLogs.listOpen({ before: new Date(cutoff), limit: 1000 });
    for (const log of open) {
      const queueJobId = flowFireQueueJobId(log.id);
      if (await isQueueJobLive(options.queue, queueJobId)) continue;
      if ((await options.queue.getJobState(queueJobId)) === 'unknown') {
        await enqueueFlowFire(options.queue, { flowId: log.triggerFlowId, logId: log.id });
        report.requeuedFlows.push(log.id);
        continue;
      }
      const finishedAt = options.now();
      await options.db.flowLogs.finish(log.id, log.attempt, {
        status: 'failed',
        errorMessage: 'abandoned: the queue gave up on this flow (its workers died repeatedly)',
        finishedAt,
        durationMs: Math.max(0, finishedAt.getTime() - log.triggeredAt.getTime()),
      });
      report.abandonedFlows.push(log.id);
    }
  }

  async function sweep(): Promise<SweepReport> {
    const report: SweepReport = {
      requeued: [],
      abandoned: [],
      requeuedFlows: [],
      abandonedFlows: [],
      requeuedSteps: [],
    };
    const cutoff = options.now().getTime() - options.staleAfterMs;
    for (const status of ['queued', 'running'] as const) {
      const { items } = await options.db.executions.list({ status, skip: 0, limit: 1000 });
      for (const execution of items) {
        const job = await options.db.jobs.find(execution.jobId);
        if (!job) continue;
        // A started execution may legitimately run for its whole timeout (all attempts included).
        const budgetMs = execution.startedAt ? job.timeoutSeconds * 1000 : 0;
        const since = (execution.startedAt ?? execution.queuedAt).getTime();
        if (since + budgetMs > cutoff || (await isCarried(execution))) continue;
        await repair(execution, job, report);
      }
    }
    await sweepFlows(cutoff, report);
    await sweepChainSteps(new Date(cutoff), report);
    if (Object.values(report).some((ids) => ids.length > 0)) logger.warn(report, 'open executions repaired');
    return report;
  }

  /**
   * Chain steps that have not started (never called CoreHub) and are due, but that no queue job carries
   * (Redis lost it): queued again under the same id. A step that started is left to its queue job.
   */
  async function sweepChainSteps(before: Date, report: SweepReport): Promise<void> {
    for (const step of await options.db.chains.listUnstartedSteps(before)) {
      const previous =
        step.position > 0 ? await options.db.chains.findStep(step.executionId, step.position - 1) : undefined;
      if (!isChainStepDue(step, previous ?? undefined)) continue;
      if (await isQueueJobLive(options.queue, chainStepQueueJobId(step.executionId, step.position))) continue;
      const execution = await options.db.executions.find(step.executionId);
      if (!execution) continue;
      await enqueueChainStep(options.queue, {
        jobId: execution.jobId,
        executionId: step.executionId,
        position: step.position,
      });
      report.requeuedSteps.push(`${step.executionId}-${step.position}`);
    }
  }

  return createLeasedLoop({
    ...options,
    name: 'sweep',
    logger,
    pass: sweep,
    failureMessage: 'execution sweep failed; retrying next interval',
  });
}
