import type { ChronosConfig } from '@chronos/config';
import type { Db } from '@chronos/db';
import type { Logger } from '@chronos/logger';
import type { RedisConnection, RunsQueue } from '@chronos/queue';
import type { Registry } from 'prom-client';
import type { ExecutionEventHub } from './features/events/event-hub.js';
import type { WebhookRegistry } from './features/webhooks/webhook-registry.js';
import type { ApiAuth } from './http/auth.js';

/**
 * Everything the HTTP app needs, built by `startApi` (or by a test from its fixtures). The app owns none of
 * it: whoever built the deps closes them.
 */
export type ApiDeps = {
  config: ChronosConfig;
  logger: Logger;
  db: Db;
  /** The runs queue: job schedulers and run-now jobs. */
  queue: RunsQueue;
  /** Commands connection (role `client`: fails fast while Redis is down). */
  redis: RedisConnection;
  /** Execution events from the workers (Redis pub/sub), for `/api/events` and run-now `?wait=true`. */
  events: ExecutionEventHub;
  /** Who may call which route (DESIGN.md §3 "Auth"). */
  auth: ApiAuth;
  /**
   * CoreHub's webhook list kept in line with the chained events; asked to sync after each job write.
   * Absent where nothing talks to CoreHub (in-process API tests).
   */
  webhooks?: WebhookRegistry;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Where the console's built files are (default `apps/console/dist`); tests point it elsewhere. */
  consoleDir?: string;
  /** Prometheus registry `/metrics` serves (single-process mode shares it with the worker); default: its own. */
  metricsRegistry?: Registry;
};

/** The current instant according to `deps`. */
export function currentTime(deps: Pick<ApiDeps, 'now'>): Date {
  return deps.now ? deps.now() : new Date();
}
