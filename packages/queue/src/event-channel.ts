import type { z } from 'zod';
import type { RedisConnection } from './redis-connection.js';

/**
 * Subscribes `subscriber` (a dedicated connection: a subscribed ioredis client can do nothing else) to one
 * pub/sub channel and calls `onEvent` for every message `schema` accepts. Returns the unsubscribe function.
 * Events are advisory (the database is the record): a malformed message is ignored.
 */
export async function subscribeChannel<T>(
  subscriber: RedisConnection,
  channel: string,
  schema: z.ZodType<T>,
  onEvent: (event: T) => void,
): Promise<() => Promise<void>> {
  const listener = (received: string, message: string) => {
    if (received !== channel) return;
    try {
      const parsed = schema.safeParse(JSON.parse(message));
      if (parsed.success) onEvent(parsed.data);
    } catch {
      // Not JSON: ignored like any other malformed message.
    }
  };
  subscriber.on('message', listener);
  await subscriber.subscribe(channel);
  return async () => {
    subscriber.off('message', listener);
    await subscriber.unsubscribe(channel);
  };
}
