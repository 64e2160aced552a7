import { ensureAdminToken, hashToken } from '@chronos/auth';
import type { ChronosConfig } from '@chronos/config';
import { type CoreHubClient, coreHubOptionsFromConfig, createCoreHubClient } from '@chronos/corehub';
import { createDb, type Db } from '@chronos/db';
import type { Logger } from '@chronos/logger';
import { createRedisConnection, createRunsQueue, type RedisConnection } from '@chronos/queue';
import type { Registry } from 'prom-client';
import type { ApiDeps } from './deps.js';
import { createExecutionEventHub } from './features/events/event-hub.js';
import { AUTH_DISABLED_WARNING } from './features/health/health.routes.js';
import { TIMEZONE_SETTING_DESCRIPTION, TIMEZONE_SETTING_KEY } from './features/settings/default-timezone.js';
import { createWebhookRegistry } from './features/webhooks/webhook-registry.js';
import { webhookSources } from './features/webhooks/webhook-sources.js';
import { type ApiAuth, createApiAuth, introspectWithCoreHub } from './http/auth.js';
import { startHttpServer } from './start-http-server.js';

export type RunningApi = {
  url: string;
  /** The address and port the server is bound to (what `HOST` and `PORT` became). */
  listening: { host: string; port: number };
  /** Graceful stop: no new requests, running ones finish (bounded), then queue, Redis and database close. */
  stop(): Promise<void>;
};

/** Redis down means an 'error' event per reconnect attempt; one line a minute is enough to tell. */
function logRedisErrors(logger: Logger, source: string) {
  let lastLoggedAt = 0;
  return (error: unknown) => {
    const now = Date.now();
    if (now - lastLoggedAt < 60_000) return;
    lastLoggedAt = now;
    logger.warn({ err: error, source }, 'redis unavailable; writes report schedule_sync pending');
  };
}

/**
 * Waits (at most `timeoutMs`) while `redis` is in the middle of its connection handshake. Closing a BullMQ
 * queue on a shared connection in that window makes ioredis's own ready check reject with nobody listening
 * — an unhandled rejection that kills the process with exit code 1 (seen on a stop right after a start).
 */
async function waitOutRedisHandshake(redis: RedisConnection, timeoutMs: number): Promise<void> {
  if (redis.status !== 'connect' && redis.status !== 'connecting') return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      redis.off('end', done);
      redis.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    redis.once('ready', done);
    redis.once('end', done);
    redis.once('close', done);
  });
}

async function openDatabase(config: ChronosConfig, logger: Logger): Promise<Db> {
  const db = createDb({ ...config.database, logger });
  try {
    await db.migrate.deploy();
    // The reference seeds the setting on start; the environment only provides the first value.
    await db.settings.ensureDefault(
      TIMEZONE_SETTING_KEY,
      config.schedule.defaultTimezone,
      TIMEZONE_SETTING_DESCRIPTION,
    );
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * Authentication for a running API: CoreHub's /auth/me (through a client that never opens the module
 * connection: introspection needs no module token), `API_TOKENS`, and the first-start admin token kept in
 * `DATA_DIR/admin-token` (created once, owner-only; its value is never logged).
 */
function buildAuth(
  config: ChronosConfig,
  logger: Logger,
  db: Db,
): { auth: ApiAuth; closeHub(): Promise<void> } {
  const hub = createCoreHubClient({
    ...coreHubOptionsFromConfig(config.corehub, { logger, isProduction: config.isProduction }),
    healthCheckIntervalMs: 0,
  });
  const admin = ensureAdminToken(config.dataDir);
  logger.info({ file: admin.file, isNew: admin.isNew }, 'admin token ready (SUPER_ADMIN)');
  if (config.auth.disabled) logger.warn(AUTH_DISABLED_WARNING);
  const auth = createApiAuth({
    config,
    introspect: introspectWithCoreHub(hub, config.auth.timeoutMs),
    sessionStore: db.sessions,
    extraTokenEntries: [`admin:SUPER_ADMIN:${hashToken(admin.token).toString('hex')}`],
  });
  return { auth, closeHub: () => hub.close() };
}

/**
 * Runs the API: migrates the database, seeds the `timezone` setting, connects Redis (a Redis that is down
 * does not stop the API: writes answer `schedule_sync: "pending"`), and listens on `config.http`.
 * `options.port` 0 picks a free port (tests, `chronos start`).
 */
export async function startApi(
  config: ChronosConfig,
  logger: Logger,
  options: { host?: string; port?: number; metricsRegistry?: Registry } = {},
): Promise<RunningApi> {
  for (const notice of config.notices) logger.warn(notice);
  const db = await openDatabase(config, logger);
  const redis = createRedisConnection(config.redis, 'client');
  redis.on('error', logRedisErrors(logger, 'client'));
  const queue = createRunsQueue({ connection: redis, prefix: config.redis.prefix });
  queue.on('error', logRedisErrors(logger, 'queue'));
  const events = createExecutionEventHub({ redis, prefix: config.redis.prefix, logger });
  const { auth, closeHub } = buildAuth(config, logger, db);
  // The module connection that registers CoreHub's webhooks opens once the api listens: without PUBLIC_URL
  // it announces the port the api is bound to (also when PORT is 0), where CoreHub's webhooks must go.
  let moduleHub: CoreHubClient | undefined;
  const webhooks = createWebhookRegistry({
    hub: {
      send: (request) => {
        if (!moduleHub) throw new Error('the api is not listening yet');
        return moduleHub.send(request);
      },
    },
    redis,
    prefix: config.redis.prefix,
    sources: webhookSources(db),
    logger,
    intervalMs: config.webhooks.syncIntervalMs,
  });
  const deps: ApiDeps = {
    config,
    logger,
    db,
    queue,
    redis,
    events,
    auth,
    webhooks,
    ...(options.metricsRegistry ? { metricsRegistry: options.metricsRegistry } : {}),
  };

  let http: Awaited<ReturnType<typeof startHttpServer>>;
  try {
    http = await startHttpServer(deps, {
      host: options.host ?? config.http.host,
      port: options.port ?? config.http.port,
    });
  } catch (error) {
    webhooks.close();
    await closeHub();
    await events.close();
    // Closing during Redis's handshake makes ioredis reject its ready check with nobody listening: an
    // uncaught exception after the real error (a busy PORT) had been reported.
    await waitOutRedisHandshake(redis, 2000);
    await queue.close();
    redis.disconnect();
    await db.close();
    throw error;
  }
  logger.info({ url: http.url, provider: db.provider }, 'api listening');
  const announcedPort =
    config.corehub.modulePort === config.http.port ? http.listening.port : config.corehub.modulePort;
  moduleHub = createCoreHubClient({
    ...coreHubOptionsFromConfig(config.corehub, { logger, isProduction: config.isProduction }),
    modulePort: announcedPort,
    healthCheckIntervalMs: 0,
  });
  // Start-up: CoreHub's `chronos-*` webhooks without a matching row go, missing ones come.
  webhooks.requestSync('start-up');

  let stopping: Promise<void> | undefined;
  const stop = async () => {
    logger.info('api stopping: no new requests');
    await http.close(config.worker.shutdownTimeoutMs);
    logger.info('http server closed');
    webhooks.close();
    await webhooks.idle();
    await events.close();
    await waitOutRedisHandshake(redis, 2000);
    await queue.close();
    await redis.quit().catch(() => redis.disconnect());
    await db.close();
    await closeHub();
    await moduleHub?.close();
    logger.info('api stopped');
  };
  return {
    url: http.url,
    listening: http.listening,
    stop() {
      stopping ??= stop();
      return stopping;
    },
  };
}
