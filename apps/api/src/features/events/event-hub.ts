import type { Logger } from '@chronos/logger';
import {
  type ExecutionEvent,
  type FlowFinishedEvent,
  type RedisConnection,
  subscribeExecutionEvents,
  subscribeFlowEvents,
} from '@chronos/queue';

export type ExecutionEventListener = (event: ExecutionEvent) => void;

/** Fans execution events from one Redis subscription out to any number of in-process listeners. */
export type ExecutionEventHub = {
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: ExecutionEventListener): () => void;
  /** Adds a listener of fired flows that finished (`?wait=true` of a fire); returns its removal. */
  subscribeFlows(listener: (event: FlowFinishedEvent) => void): () => void;
  /** True while the Redis subscription is live (events may be missed otherwise; callers poll too). */
  isSubscribed(): boolean;
  close(): Promise<void>;
};

/**
 * One dedicated subscriber connection (a subscribed ioredis client can send nothing else), duplicated from
 * the API's client. While Redis is down the hub has no subscription; it subscribes on every `ready` until it
 * holds one, and ioredis re-subscribes by itself after later reconnects. Events are advisory: the execution
 * row is the record, so anyone waiting on the hub also polls the database.
 */
export function createExecutionEventHub(options: {
  redis: RedisConnection;
  prefix: string;
  logger: Logger;
}): ExecutionEventHub {
  const logger = options.logger.child({ component: 'event-hub' });
  const subscriber = options.redis.duplicate();
  const listeners = new Set<ExecutionEventListener>();
  const flowListeners = new Set<(event: FlowFinishedEvent) => void>();
  let unsubscribe: (() => Promise<void>) | undefined;
  let subscribing = false;
  let closed = false;

  const deliver = (event: ExecutionEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        logger.error({ err: error }, 'execution event listener failed');
      }
    }
  };

  const deliverFlow = (event: FlowFinishedEvent) => {
    for (const listener of flowListeners) {
      try {
        listener(event);
      } catch (error) {
        logger.error({ err: error }, 'flow event listener failed');
      }
    }
  };

  const trySubscribe = async () => {
    if (closed || unsubscribe || subscribing || subscriber.status !== 'ready') return;
    subscribing = true;
    try {
      const unsubscribeFlows = await subscribeFlowEvents(subscriber, options.prefix, deliverFlow);
      try {
        const unsubscribeExecutions = await subscribeExecutionEvents(subscriber, options.prefix, deliver);
        unsubscribe = async () => {
          await unsubscribeExecutions();
          await unsubscribeFlows();
        };
      } catch (error) {
        await unsubscribeFlows().catch(() => undefined);
        throw error;
      }
      logger.debug('subscribed to execution events');
    } catch (error) {
      // subscribeExecutionEvents attached its message listener before SUBSCRIBE failed; drop it so the
      // next attempt does not deliver every event twice. This connection carries nothing else.
      subscriber.removeAllListeners('message');
      logger.debug({ err: error }, 'execution events subscription failed, retrying when redis is ready');
    } finally {
      subscribing = false;
    }
  };

  // ioredis emits 'error' on every failed reconnect; without a listener Node would throw.
  subscriber.on('error', (error) => logger.debug({ err: error }, 'event subscriber connection error'));
  subscriber.on('ready', () => void trySubscribe());
  void trySubscribe();

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribeFlows(listener) {
      flowListeners.add(listener);
      return () => flowListeners.delete(listener);
    },
    isSubscribed: () => unsubscribe !== undefined && subscriber.status === 'ready',
    async close() {
      closed = true;
      listeners.clear();
      flowListeners.clear();
      subscriber.disconnect();
    },
  };
}
