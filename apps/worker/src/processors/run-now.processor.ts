import { isFinalStatus } from '@chronos/jobs';
import { RunNowPayloadSchema, readPendingOutcome } from '@chronos/queue';
import { type Job as BullJob, UnrecoverableError } from 'bullmq';
import type { ProcessOutcome } from '../execution/bullmq-outcome.js';
import { type ExecutionServices, runExecution } from '../execution/execution-runner.js';

/**
 * A run-now request: the API already created the execution row (trigger `manual`, status `queued`) and
 * queued `run-<executionId>`. A catch-up run (`catchup-<executionId>`, trigger `catchup`, created by the gap
 * detector) is the same: an existing row run now. The row is the key: a final row makes a delivery a no-op; an open one is
 * continued (attempt + 1 once it has started). A manual run ignores `enabled` (running a disabled job does
 * not enable it) and the misfire policy (someone asked for it now).
 */
export async function processRunNow(
  services: ExecutionServices,
  bullJob: BullJob,
  cancelSignal: AbortSignal | undefined,
): Promise<ProcessOutcome> {
  const payload = RunNowPayloadSchema.safeParse(bullJob.data);
  if (!payload.success) throw new UnrecoverableError(`invalid run-now payload: ${payload.error.message}`);
  const { jobId, executionId, requestId } = payload.data;
  const logger = services.logger.child({ jobId, executionId, queueJobId: bullJob.id, requestId });

  const execution = await services.db.executions.find(executionId);
  if (!execution) {
    logger.info('run-now for a deleted execution ignored');
    return { kind: 'done', executionId, status: 'ignored' };
  }
  if (isFinalStatus(execution.status)) {
    logger.info({ status: execution.status }, 'run-now already finished');
    return { kind: 'done', executionId, status: 'duplicate' };
  }
  const job = await services.db.jobs.find(jobId);
  if (!job) {
    logger.info('run-now for a deleted job ignored');
    return { kind: 'done', executionId, status: 'ignored' };
  }
  const attempt = execution.startedAt ? execution.attempt + 1 : 1;
  const pending = readPendingOutcome(bullJob.data);
  return runExecution(services, { job, execution, attempt, cancelSignal, logger, pending });
}
