import type { ChainStep, Execution } from '@chronos/jobs';
import { formatInstant, formatOptionalInstant } from '../../http/format-instant.js';
import type { ChainStepResponse, ExecutionResponse, ExecutionSummaryResponse } from './executions.schemas.js';

/**
 * Executions are rendered in UTC (`+00:00`): a list spans jobs of different zones, and one clock makes the
 * history sortable by eye. The job's own zone is on the job.
 */
const ZONE = 'UTC';

export function toExecutionSummary(execution: Execution): ExecutionSummaryResponse {
  return {
    id: execution.id,
    job_id: execution.jobId,
    trigger: execution.trigger,
    scheduled_for: formatInstant(execution.scheduledFor, ZONE),
    queued_at: formatInstant(execution.queuedAt, ZONE),
    started_at: formatOptionalInstant(execution.startedAt, ZONE),
    finished_at: formatOptionalInstant(execution.finishedAt, ZONE),
    status: execution.status,
    attempt: execution.attempt,
    worker_id: execution.workerId,
    error: execution.error,
  };
}

export function toExecutionResponse(
  execution: Execution,
  chain: readonly ChainStep[] = [],
): ExecutionResponse {
  return { ...toExecutionSummary(execution), steps: execution.steps, chain: chain.map(toChainStepResponse) };
}

function toChainStepResponse(step: ChainStep): ChainStepResponse {
  return {
    position: step.position,
    event_id: step.eventId,
    task_type: step.event.taskType,
    execution_mode: step.event.executionMode,
    status: step.status,
    attempt: step.attempt,
    waits_for_webhook: step.waitsForWebhook,
    wait_started_at: formatOptionalInstant(step.waitStartedAt, ZONE),
    webhook_received_at: formatOptionalInstant(step.webhookReceivedAt, ZONE),
    started_at: formatOptionalInstant(step.startedAt, ZONE),
    finished_at: formatOptionalInstant(step.finishedAt, ZONE),
    error: step.error,
    steps: step.steps,
  };
}
