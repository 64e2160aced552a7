import { EXECUTION_TRIGGERS, type Execution, type Job } from '@chronos/jobs';
import type { Logger } from '@chronos/logger';
import { z } from 'zod';
import { subscribeChannel } from './event-channel.js';
import type { RedisConnection } from './redis-connection.js';

/** Execution lifecycle events, published by workers and streamed by the API at /api/events. */
export const ExecutionEventSchema = z.object({
  type: z.enum(['execution.queued', 'execution.started', 'execution.finished']),
  jobId: z.number().int(),
  executionId: z.number().int(),
  status: z.string(),
  trigger: z.enum(EXECUTION_TRIGGERS),
  scheduledFor: z.string(),
  attempt: z.number().int(),
  at: z.string(),
  error: z.string().nullable().optional(),
});
export type ExecutionEvent = z.infer<typeof ExecutionEventSchema>;
export type ExecutionEventType = ExecutionEvent['type'];

/** The event that announces `execution` as it is now; `at` is the publisher's clock. */
export function toExecutionEvent(type: ExecutionEventType, execution: Execution, at: Date): ExecutionEvent {
  return {
    type,
    jobId: execution.jobId,
    executionId: execution.id,
    status: execution.status,
    trigger: execution.trigger,
    scheduledFor: execution.scheduledFor.toISOString(),
    attempt: execution.attempt,
    at: at.toISOString(),
    error: execution.error,
  };
}

/**
 * Announces an execution's lifecycle to the API's `/api/events` stream. The job is passed along for
 * in-process observers (metrics label by task type) so none of them reads it again.
 */
export type ExecutionEventPublisher = (
  type: ExecutionEventType,
  execution: Execution,
  job: Pick<Job, 'taskType'>,
) => void;

/**
 * Fire-and-forget by design: the execution row is the record, an event is only a hint to live clients, so
 * a publish never delays or fails an execution (Redis down → the events are lost and logged at debug).
 * The events of one turn of the event loop leave in one pipeline, in order: the executions of a group
 * commit batch resume together and announce together, one write to Redis instead of one each.
 */
export function createExecutionEventPublisher(options: {
  redis: RedisConnection;
  prefix: string;
  logger: Logger;
  now: () => Date;
}): ExecutionEventPublisher {
  const channel = executionEventsChannel(options.prefix);
  let pending: ExecutionEvent[] = [];
  const flush = () => {
    const events = pending;
    pending = [];
    const pipeline = options.redis.pipeline();
    for (const event of events) pipeline.publish(channel, JSON.stringify(event));
    pipeline.exec().catch((error: unknown) => {
      options.logger.debug(
        { err: error, executionIds: events.map((event) => event.executionId) },
        'execution events not published',
      );
    });
  };
  return (type, execution) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push(toExecutionEvent(type, execution, options.now()));
  };
}

export function executionEventsChannel(prefix: string): string {
  return `${prefix}:events:executions`;
}

/** Publishes one event as it is (the publisher above builds them; tests send their own). */
export async function publishExecutionEvent(
  redis: RedisConnection,
  prefix: string,
  event: ExecutionEvent,
): Promise<void> {
  await redis.publish(executionEventsChannel(prefix), JSON.stringify(event));
}

/** Subscribes `subscriber` (a dedicated connection) to execution events; returns the unsubscribe function. */
export function subscribeExecutionEvents(
  subscriber: RedisConnection,
  prefix: string,
  onEvent: (event: ExecutionEvent) => void,
): Promise<() => Promise<void>> {
  return subscribeChannel(subscriber, executionEventsChannel(prefix), ExecutionEventSchema, onEvent);
}
