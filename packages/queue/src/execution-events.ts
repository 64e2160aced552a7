import type { Redis } from 'ioredis';
import { z } from 'zod';

/** Execution lifecycle events, published by workers and streamed by the API at /api/events. */
export const ExecutionEventSchema = z.object({
  type: z.enum(['execution.queued', 'execution.started', 'execution.finished']),
  jobId: z.number().int(),
  executionId: z.number().int(),
  status: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  scheduledFor: z.string(),
  attempt: z.number().int(),
  at: z.string(),
  error: z.string().nullable().optional(),
});
export type ExecutionEvent = z.infer<typeof ExecutionEventSchema>;

export function executionEventsChannel(prefix: string): string {
  return `${prefix}:events:executions`;
}

/** Fire-and-forget: a lost event never loses data (the execution row is the record). */
export async function publishExecutionEvent(
  redis: Redis,
  prefix: string,
  event: ExecutionEvent,
): Promise<void> {
  await redis.publish(executionEventsChannel(prefix), JSON.stringify(event));
}

/**
 * Subscribes `subscriber` (a dedicated connection: a subscribed ioredis client can do nothing else) and calls
 * `onEvent` for every well-formed event. Returns an unsubscribe function.
 */
export async function subscribeExecutionEvents(
  subscriber: Redis,
  prefix: string,
  onEvent: (event: ExecutionEvent) => void,
): Promise<() => Promise<void>> {
  const channel = executionEventsChannel(prefix);
  const listener = (received: string, message: string) => {
    if (received !== channel) return;
    try {
      const parsed = ExecutionEventSchema.safeParse(JSON.parse(message));
      if (parsed.success) onEvent(parsed.data);
    } catch {
      // A malformed message on our channel is ignored: events are advisory, the database is the record.
    }
  };
  subscriber.on('message', listener);
  await subscriber.subscribe(channel);
  return async () => {
    subscriber.off('message', listener);
    await subscriber.unsubscribe(channel);
  };
}
