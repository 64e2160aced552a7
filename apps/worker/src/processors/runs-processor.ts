import { NotFoundError, UpstreamError } from '@chronos/errors';
import { JOB_NAMES } from '@chronos/queue';
import { type Job as BullJob, UnrecoverableError } from 'bullmq';
import { type ChainServices, ensureChainStarted, processChainStep } from '../chains/chain-step.processor.js';
import { computeRetryDelay } from '../execution/attempt-failure.js';
import { type ProcessOutcome, type ProcessResult, settleBullmqJob } from '../execution/bullmq-outcome.js';
import { processFlowEvent } from '../flows/flow-event.processor.js';
import { type FlowServices, processFlowFire } from '../flows/flow-fire.processor.js';
import { type FireScheduleServices, processScheduleFire } from './fire-schedule.processor.js';
import { processRunNow } from './run-now.processor.js';

/**
 * How often one delivery may be put back because the database or Redis did not answer, before BullMQ
 * records it as failed. Ticks end earlier anyway: once they are late they are recorded `missed`.
 */
const MAX_INFRASTRUCTURE_RETRIES = 20;

/** The Chronos job id both payloads carry, for log lines written before a payload was parsed. */
function jobIdOf(job: BullJob): number | undefined {
  const jobId = (job.data as { jobId?: unknown } | undefined)?.jobId;
  return typeof jobId === 'number' ? jobId : undefined;
}

/** Everything the runs queue's jobs need: executions of jobs, their chains, and fires of TriggerFlows. */
export type RunsServices = FireScheduleServices & FlowServices & ChainServices;

async function routeJob(services: RunsServices, job: BullJob, signal: AbortSignal | undefined) {
  switch (job.name) {
    case JOB_NAMES.scheduleFire:
      return startChainAfter(services, job, await processScheduleFire(services, job, signal));
    case JOB_NAMES.runNow:
    case JOB_NAMES.catchup:
      return startChainAfter(services, job, await processRunNow(services, job, signal));
    case JOB_NAMES.chainStep:
      return processChainStep(services, job, signal);
    case JOB_NAMES.flowFire:
      return processFlowFire(services, job, signal);
    case JOB_NAMES.flowEvent:
      return processFlowEvent(services, job, signal);
    default:
      throw new UnrecoverableError(`unknown job name "${job.name}" on the runs queue`);
  }
}

/**
 * An execution that succeeded starts its chain before its queue job completes; a delivery that finds it
 * already succeeded (a redelivery after a crash in between) starts it too: the chain starts once either way.
 * A job read with no chained events (`startsChain: false`) skips the database read that would say so.
 */
async function startChainAfter(
  services: RunsServices,
  job: BullJob,
  outcome: ProcessOutcome,
): Promise<ProcessOutcome> {
  const jobId = jobIdOf(job);
  if (
    outcome.kind === 'done' &&
    outcome.startsChain !== false &&
    outcome.executionId !== null &&
    jobId !== undefined &&
    ['succeeded', 'duplicate'].includes(outcome.status)
  ) {
    const target = { executionId: outcome.executionId, jobId };
    await ensureChainStarted(services, target, services.logger.child({ jobId }));
  }
  return outcome;
}

/**
 * The BullMQ processor of the runs queue: routes by job name, then maps the outcome onto BullMQ in one place
 * (`settleBullmqJob`). A job deleted mid-run (its rows cascade away) ends quietly; an unavailable database
 * or Redis puts the delivery back with backoff instead of losing it.
 */
export function createRunsProcessor(services: RunsServices) {
  return async (job: BullJob, token?: string, signal?: AbortSignal): Promise<ProcessResult> => {
    let outcome: ProcessOutcome;
    try {
      outcome = await routeJob(services, job, signal);
    } catch (error) {
      if (error instanceof NotFoundError) {
        services.logger.info(
          { jobId: jobIdOf(job), queueJobId: job.id, err: error },
          'job deleted while it ran',
        );
        outcome = { kind: 'done', executionId: null, status: 'ignored' };
      } else if (
        error instanceof UpstreamError &&
        error.retryable &&
        job.attemptsStarted <= MAX_INFRASTRUCTURE_RETRIES
      ) {
        const delayMs = computeRetryDelay(job.attemptsStarted, services.retryBackoffMs);
        services.logger.warn(
          { jobId: jobIdOf(job), queueJobId: job.id, err: error, delayMs },
          'delivery put back: dependency unavailable',
        );
        outcome = { kind: 'retry', executionId: null, delayMs };
      } else {
        throw error;
      }
    }
    return settleBullmqJob(job, token, outcome);
  };
}
