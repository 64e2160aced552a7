import type { Execution } from '@chronos/db';
import type { Logger } from '@chronos/logger';
import { type ExecutionEvent, publishExecutionEvent } from '@chronos/queue';
import type { Redis } from 'ioredis';

export type ExecutionEventType = ExecutionEvent['type'];

/** Publishes execution lifecycle events for the API's `/api/events` stream. */
export type ExecutionEventPublisher = (type: ExecutionEventType, execution: Execution) => void;

/**
 * Fire-and-forget by design: the execution row is the record, an event is only a hint to live clients, so
 * a publish never delays or fails an execution (Redis down → the event is lost and logged at debug).
 */
export function createExecutionEventPublisher(
  redis: Redis,
  prefix: string,
  logger: Logger,
): ExecutionEventPublisher {
  return (type, execution) => {
    const event: ExecutionEvent = {
      type,
      jobId: execution.jobId,
      executionId: execution.id,
      status: execution.status,
      trigger: execution.trigger,
      scheduledFor: execution.scheduledFor.toISOString(),
      attempt: execution.attempt,
      at: new Date().toISOString(),
      error: execution.error,
    };
    publishExecutionEvent(redis, prefix, event).catch((error: unknown) => {
      logger.debug({ err: error, executionId: execution.id, type }, 'execution event not published');
    });
  };
}
