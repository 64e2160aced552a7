import { randomUUID } from 'node:crypto';
import {
  buildListWebhooksRequest,
  buildPutWebhooksRequest,
  type CoreHubPort,
  type CoreHubWebhook,
  CoreHubWebhookListSchema,
  holdsExactly,
  planWebhookList,
} from '@chronos/corehub/contract';
import type { Logger } from '@chronos/logger';
import { claimLease, type RedisConnection, releaseLease, webhookRegistryLeaseKey } from '@chronos/queue';

/**
 * CoreHub's webhook list kept in line with what Chronos wants registered: ONE module for every kind of
 * Chronos webhook. Each source answers the webhooks it wants now, read from the database (sync chained
 * events today; platform-event TriggerFlows are a second source); a sync makes CoreHub's list hold exactly
 * those as its `chronos-*` part, keeping everyone else's entries as they are.
 *
 * Safe with many Chronos processes: the read-modify-write of the whole list (CoreHub has no per-entry API)
 * runs under a Redis lease, reads the desired set inside it (so the last writer wrote the newest database
 * state), reads the list back after the PUT and starts over when it does not hold what was written (a
 * writer outside Chronos, or a lease that expired under a slow CoreHub). CoreHub or Redis down: the sync
 * is retried later; job writes never wait for it.
 */

/** What one source wants registered now. */
export type WebhookSource = () => Promise<CoreHubWebhook[]>;

export type WebhookRegistry = {
  /** Asks for a sync soon (coalesced: many requests while one runs make one more run). Never throws. */
  requestSync(reason: string): void;
  /** Runs a sync now and resolves when CoreHub holds the desired set; throws when it could not. */
  syncNow(): Promise<{ changed: boolean }>;
  /** Resolves when no sync is running or pending (tests, shutdown). */
  idle(): Promise<void>;
  close(): void;
};

export type WebhookRegistryOptions = {
  hub: CoreHubPort;
  redis: RedisConnection;
  prefix: string;
  sources: readonly WebhookSource[];
  logger: Logger;
  /** Periodic sync (start-up cleanup and convergence after an outage). */
  intervalMs: number;
  /** Lease lifetime: longer than one GET + PUT + GET. */
  leaseMs?: number;
  /** How long a sync waits for another process's lease before giving up (and retrying later). */
  lockWaitMs?: number;
  /** Read-modify-write rounds before a sync gives up. */
  attempts?: number;
  /** Pause before a failed sync is retried. */
  retryDelayMs?: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createWebhookRegistry(options: WebhookRegistryOptions): WebhookRegistry {
  const logger = options.logger.child({ component: 'webhook-registry' });
  const leaseMs = options.leaseMs ?? 30_000;
  const lockWaitMs = options.lockWaitMs ?? 30_000;
  const attempts = options.attempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 5_000;
  const key = webhookRegistryLeaseKey(options.prefix);
  let running: Promise<void> | undefined;
  let pending = false;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let failures = 0;

  async function desired(): Promise<CoreHubWebhook[]> {
    const lists = await Promise.all(options.sources.map((source) => source()));
    return lists.flat();
  }

  async function readList(): Promise<CoreHubWebhook[]> {
    const response = await options.hub.send(buildListWebhooksRequest());
    return CoreHubWebhookListSchema.parse(response.body ?? []);
  }

  async function withLease<T>(work: () => Promise<T>): Promise<T> {
    const owner = randomUUID();
    const deadline = Date.now() + lockWaitMs;
    while ((await claimLease(options.redis, key, owner, leaseMs)) !== owner) {
      if (Date.now() > deadline) throw new Error('another Chronos process holds the webhook registry lock');
      await sleep(50 + Math.random() * 100);
    }
    try {
      return await work();
    } finally {
      await releaseLease(options.redis, key, owner).catch(() => undefined);
    }
  }

  async function syncNow(): Promise<{ changed: boolean }> {
    return withLease(async () => {
      let changed = false;
      for (let attempt = 1; attempt <= attempts; attempt += 1) {
        const wanted = await desired();
        const plan = planWebhookList(await readList(), wanted);
        if (!plan.changed) return { changed };
        await options.hub.send(buildPutWebhooksRequest(plan.list));
        changed = true;
        if (holdsExactly(await readList(), wanted)) {
          logger.info({ chronosWebhooks: wanted.length, total: plan.list.length }, 'corehub webhooks synced');
          return { changed };
        }
        logger.warn({ attempt }, 'corehub webhook list changed under us; syncing again');
      }
      throw new Error(`corehub webhook list did not settle after ${attempts} attempts`);
    });
  }

  function run(reason: string): void {
    if (closed) return;
    if (running) {
      pending = true;
      return;
    }
    running = syncNow()
      .then(
        () => {
          failures = 0;
        },
        (error: unknown) => {
          // CoreHub away for long: back off to the periodic sync rather than knock every few seconds.
          const retryInMs = Math.min(options.intervalMs, retryDelayMs * 2 ** failures);
          failures += 1;
          logger.warn({ err: error, reason, retryInMs }, 'corehub webhooks not synced; retrying');
          clearTimeout(retryTimer);
          retryTimer = setTimeout(() => run('retry'), retryInMs);
          retryTimer.unref();
        },
      )
      .finally(() => {
        running = undefined;
        if (pending) {
          pending = false;
          run('coalesced');
        }
      });
  }

  const interval = setInterval(() => run('interval'), options.intervalMs);
  interval.unref();

  return {
    requestSync: run,
    syncNow,
    async idle() {
      while (running) await running;
    },
    close() {
      closed = true;
      clearInterval(interval);
      clearTimeout(retryTimer);
    },
  };
}
