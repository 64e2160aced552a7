import { z } from 'zod';
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
export async function subscribeFlowEvents(
  subscriber: RedisConnection,
  prefix: string,
  onEvent: (event: FlowFinishedEvent) => void,
): Promise<() => Promise<void>> {
  const channel = flowEventsChannel(prefix);
  const listener = (received: string, message: string) => {
    if (received !== channel) return;
    try {
      const parsed = FlowFinishedEventSchema.safeParse(JSON.parse(message));
      if (parsed.success) onEvent(parsed.data);
    } catch {
      // A malformed message on our channel is ignored: the log row is the record.
    }
  };
  subscriber.on('message', listener);
  await subscriber.subscribe(channel);
  return async () => {
    subscriber.off('message', listener);
    await subscriber.unsubscribe(channel);
  };
}
