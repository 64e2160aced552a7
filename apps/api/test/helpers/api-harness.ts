import { createServer } from 'node:net';
import { type ChronosConfig, loadConfig } from '@chronos/config';
import { coreHubOptionsFromConfig, createCoreHubClient } from '@chronos/corehub';
import { createDb, type Db, type DbProvider } from '@chronos/db';
import { createTestDatabase } from '@chronos/db/testing';
import { createLogger, type Logger } from '@chronos/logger';
import { createRedisConnection, createRunsQueue, type RedisConnection, type RunsQueue } from '@chronos/queue';
import { createTestPrefix, deletePrefix, TEST_REDIS_URL } from '@chronos/queue/testing';
import {
  type ApiDeps,
  createApiAuth,
  createExecutionEventHub,
  type HttpServerHandle,
  introspectWithCoreHub,
  startHttpServer,
} from '../../src/index.js';

export type TestApi = {
  url: string;
  config: ChronosConfig;
  db: Db;
  dbUrl: string;
  queue: RunsQueue;
  redis: RedisConnection;
  prefix: string;
  http: HttpServerHandle;
  /** The deps the server runs on (to build a second app over the same resources). */
  deps: ApiDeps;
  close(): Promise<void>;
};

export type TestApiOptions = {
  provider: DbProvider;
  /** Point the API at another Redis (e.g. a closed port to play "Redis is down"). */
  redisUrl?: string;
  /** Use this database URL instead of a fresh test database (e.g. an unreachable one). */
  dbUrl?: string;
  /**
   * Extra environment for loadConfig (TIMEZONE, BODY_LIMIT, …). Authentication is off unless the test sets
   * `AUTH_DISABLED: 'false'` (and `CORE_HUB_URL` for introspection): the auth tests cover it on its own.
   */
  env?: Record<string, string>;
  /** A logger to capture output (log-redaction tests); silent otherwise. */
  logger?: Logger;
  /** `name:ROLE:sha256` entries accepted as API tokens besides `API_TOKENS`. */
  extraTokenEntries?: string[];
};

/** Polls `check` every 20 ms until it is true, for at most `timeoutMs`. */
async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('redis connections not ready in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** True when `port` can be bound on loopback right now. */
function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A loopback port nothing listens on, to play "Redis/PostgreSQL is down". Chosen below the kernel's
 * ephemeral range (32768+), which `listen(0)` draws from: a port-0 server of a parallel test can never take
 * it over and turn "down" into "answering garbage".
 */
export async function findClosedPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if (await isPortFree(port)) return port;
  }
  throw new Error('no free port below the ephemeral range');
}

/**
 * The real API on a real HTTP server (port 0) over a fresh migrated database and its own Redis key prefix,
 * wired exactly as `startApi` wires it. `close()` stops everything and removes the database and the keys.
 */
export async function startTestApi(options: TestApiOptions): Promise<TestApi> {
  const database = options.dbUrl ? undefined : await createTestDatabase(options.provider);
  const dbUrl = options.dbUrl ?? database?.url ?? '';
  const prefix = createTestPrefix();
  const config = loadConfig({
    DB_URL: dbUrl,
    REDIS_URL: options.redisUrl ?? TEST_REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    AUTH_DISABLED: 'true',
    ...options.env,
  });
  const logger = options.logger ?? createLogger({ service: 'api-test', level: 'silent' });
  const hub = createCoreHubClient({
    ...coreHubOptionsFromConfig(config.corehub, { logger, isProduction: false }),
    healthCheckIntervalMs: 0,
  });
  const db = createDb({ url: dbUrl });
  const auth = createApiAuth({
    config,
    introspect: introspectWithCoreHub(hub, config.auth.timeoutMs),
    sessionStore: db.sessions,
    extraTokenEntries: options.extraTokenEntries ?? [],
  });
  if (!options.dbUrl) {
    await db.settings.ensureDefault(
      'timezone',
      config.schedule.defaultTimezone,
      'Timezone used for scheduling jobs',
    );
  }
  const redis = createRedisConnection(config.redis.url, 'client');
  redis.on('error', () => {
    // Expected in the "Redis is down" tests; the API reports it through schedule_sync and /ready.
  });
  const queue = createRunsQueue({ connection: redis, prefix });
  queue.on('error', () => {
    // Same as above.
  });
  const events = createExecutionEventHub({ redis, prefix, logger });
  const deps: ApiDeps = { config, logger, db, queue, redis, events, auth };
  // With the shared Redis up, hand out the API only once both connections finished their handshake: a test
  // that ends within milliseconds would otherwise close them mid-handshake (ioredis then rejects its own
  // ready check).
  if (!options.redisUrl) await waitFor(() => redis.status === 'ready' && events.isSubscribed(), 5000);
  const http = await startHttpServer(deps, { host: '127.0.0.1', port: 0 });
  return {
    url: http.url,
    config,
    db,
    dbUrl,
    queue,
    redis,
    prefix,
    http,
    deps,
    async close() {
      await http.close(1000);
      await events.close();
      await queue.close();
      redis.disconnect();
      await db.close();
      await hub.close();
      await database?.drop();
      if (!options.redisUrl) await deletePrefix(prefix);
    },
  };
}
