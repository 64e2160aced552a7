import { z } from 'zod';
import { subscribeChannel } from './event-channel.js';
import type { RedisConnection } from './redis-connection.js';

/**
 * "A fired flow's log row is final": published by the worker, so an API replica waiting on `?wait=true`
 * re-reads the row at once instead of at its next poll. Advisory like the execution events: the row is the
 * record, and a waiter polls too.
 */
export const FlowFinishedEventSchema = z.object({
  type: z.literal('flow.finished'),
  flowId: z.number().int(),
  logId: z.number().int(),
  status: z.string(),
});
export type FlowFinishedEvent = z.infer<typeof FlowFinishedEventSchema>;

export function flowEventsChannel(prefix: string): string {
  return `${prefix}:events:flows`;
}

export async function publishFlowFinished(
  redis: RedisConnection,
  prefix: string,
  event: Omit<FlowFinishedEvent, 'type'>,
): Promise<void> {
  await redis.publish(flowEventsChannel(prefix), JSON.stringify({ type: 'flow.finished', ...event }));
}

/** Subscribes `subscriber` (a dedicated connection) to flow events; returns the unsubscribe function. */
export function subscribeFlowEvents(
  subscriber: RedisConnection,
  prefix: string,
  onEvent: (event: FlowFinishedEvent) => void,
): Promise<() => Promise<void>> {
  return subscribeChannel(subscriber, flowEventsChannel(prefix), FlowFinishedEventSchema, onEvent);
}
