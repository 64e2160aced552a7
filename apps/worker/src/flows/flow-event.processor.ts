import { FlowEventPayloadSchema } from '@chronos/queue';
import { type Job as BullJob, UnrecoverableError } from 'bullmq';
import { classifyFailure } from '../execution/attempt-failure.js';
import type { ProcessOutcome } from '../execution/bullmq-outcome.js';
import type { FlowServices } from './flow-fire.processor.js';

/**
 * An async event of a fired flow, run on its own: the flow did not wait for it and its outcome does not
 * change the flow's. Unlike the original (fire-and-forget, failures never seen), a failure is logged and
 * kept by BullMQ as a failed job (Bull Board). A worker that dies while it runs: BullMQ redelivers it.
 */
export async function processFlowEvent(
  services: FlowServices,
  bullJob: BullJob,
  cancelSignal: AbortSignal | undefined,
): Promise<ProcessOutcome> {
  const payload = FlowEventPayloadSchema.safeParse(bullJob.data);
  if (!payload.success) throw new UnrecoverableError(`invalid flow event payload: ${payload.error.message}`);
  const { flowId, logId, index } = payload.data;
  const logger = services.logger.child({ flowId, flowLogId: logId, index, queueJobId: bullJob.id });
  const log = await services.db.flowLogs.find(logId);
  const step = log?.plan[index];
  if (!step) {
    logger.info('async event of a deleted flow ignored');
    return { kind: 'done', executionId: null, status: 'ignored' };
  }
  const deadline = AbortSignal.timeout(services.flowEventTimeoutMs);
  const signal = cancelSignal ? AbortSignal.any([deadline, cancelSignal]) : deadline;
  try {
    await services.runFlowStep({ step, hub: services.hub, signal, logger });
    return { kind: 'done', executionId: null, status: 'success' };
  } catch (error) {
    const failure = classifyFailure(error, signal);
    if (failure.kind === 'interrupted') return { kind: 'handed_back', executionId: logId };
    if (failure.kind === 'superseded') return { kind: 'superseded', executionId: logId };
    logger.warn(
      { position: step.position, taskType: step.taskType, reason: failure.message },
      'async flow event failed',
    );
    throw new UnrecoverableError(
      `flow ${flowId} event ${step.position} (${step.taskType}) failed: ${failure.message}`,
    );
  }
}
