import path from 'node:path';
import { ConfigError, type FieldIssue } from '@chronos/errors';
import { CATCHUP_POLICIES, CONCURRENCY_POLICIES } from '@chronos/jobs';
import { z } from 'zod';
import { normalizeCoreHubUrl } from './corehub-url.js';
import { normalizeDbUrl } from './db-url.js';
import {
  envBoolean,
  envList,
  envNumber,
  envOptionalString,
  envString,
  envTrustProxy,
  isValidTimeZone,
} from './env-helpers.js';
import { resolveModuleAddress } from './public-url.js';
import { redisSettingsOf } from './redis-topology.js';

/**
 * Every Chronos variable (DESIGN.md §7 plus the policy, auth and tuning knobs). Names are the seed's where it
 * had one; aliases (GLUESYNC_HOST, TZ, CHRONOS_*) are folded in `loadConfig`.
 */
const EnvSchema = z.object({
  NODE_ENV: envString('development'),
  HOST: envString('0.0.0.0'),
  PORT: envNumber(1717, { min: 0, max: 65535, integer: true }),
  PUBLIC_URL: envOptionalString(),
  DEBUG: envBoolean(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  DATA_DIR: envString('./data'),
  DB_URL: envOptionalString(),
  DIRECT_DB_URL: envOptionalString(),
  REDIS_URL: envString('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: envOptionalString(),
  REDIS_SENTINELS: envList(),
  REDIS_SENTINEL_NAME: envString('mymaster'),
  REDIS_SENTINEL_PASSWORD: envOptionalString(),
  REDIS_CLUSTER_NODES: envList(),
  CORE_HUB_URL: envOptionalString(),
  GLUESYNC_HOST: envOptionalString(),
  GLUESYNC_LICENSE_FILE: envOptionalString(),
  GLUESYNC_SECURITY_CONFIG: envOptionalString(),
  SSL_ENABLED: envBoolean(false),
  SSL_SKIP_VERIFY: envBoolean(false),
  DISCOVERY_HOST: envString('255.255.255.255'),
  DISCOVERY_START_PORT: envNumber(1717, { min: 1, max: 65535, integer: true }),
  DISCOVERY_PORT_RANGE: envNumber(10, { min: 1, max: 100, integer: true }),
  DISCOVERY_TIMEOUT_MS: envNumber(3000, { min: 100, max: 60_000, integer: true }),
  COREHUB_REQUEST_TIMEOUT_MS: envNumber(30_000, { min: 100, max: 3_600_000, integer: true }),
  COREHUB_HEALTH_CHECK_INTERVAL_SECONDS: envNumber(300, { min: 0, max: 86_400 }),
  ENTITY_START_TIMEOUT: envNumber(2, { min: 0, max: 3600 }),
  SETTLE_POLL_INTERVAL_SECONDS: envNumber(5, { min: 0, max: 3600 }),
  SETTLE_TIMEOUT_SECONDS: envNumber(60, { min: 0, max: 86_400 }),
  AI_RUN_POLL_INTERVAL_SECONDS: envNumber(1, { min: 0, max: 3600 }),
  AI_RUN_TIMEOUT_SECONDS: envNumber(120, { min: 0, max: 86_400 }),
  VALIDATION_POLL_INTERVAL_SECONDS: envNumber(2, { min: 0, max: 3600 }),
  VALIDATION_TIMEOUT_SECONDS: envNumber(3600, { min: 0, max: 86_400 }),
  BRAIN_REINDEX_POLL_INTERVAL_SECONDS: envNumber(2, { min: 0.2, max: 3600 }),
  BRAIN_REINDEX_TIMEOUT_SECONDS: envNumber(3600, { min: 0, max: 86_400 }),
  CORS_ORIGINS: envList(),
  TRUST_PROXY: envTrustProxy(),
  TIMEZONE: envOptionalString(),
  TZ: envOptionalString(),
  WORKER_CONCURRENCY: envNumber(10, { min: 1, max: 1000, integer: true }),
  WORKER_HTTP_PORT: envNumber(1720, { min: 0, max: 65535, integer: true }),
  WORKER_LOCK_SECONDS: envNumber(30, { min: 2, max: 3600 }),
  RECONCILE_INTERVAL_SECONDS: envNumber(5, { min: 1, max: 3600 }),
  DEFAULT_CONCURRENCY_POLICY: z.enum(CONCURRENCY_POLICIES).default('forbid'),
  DEFAULT_MISFIRE_GRACE_SECONDS: envNumber(60, { min: 0, max: 86_400, integer: true }),
  DEFAULT_MAX_ATTEMPTS: envNumber(3, { min: 1, max: 100, integer: true }),
  DEFAULT_TIMEOUT_SECONDS: envNumber(600, { min: 1, max: 86_400, integer: true }),
  RETRY_BACKOFF_MS: envNumber(2000, { min: 0, max: 3_600_000, integer: true }),
  RETENTION_DAYS: envNumber(90, { min: 0, max: 36_500, integer: true }),
  RETENTION_MAX_ROWS_PER_JOB: envNumber(10_000, { min: 0, max: 10_000_000, integer: true }),
  AUTH_DISABLED: envBoolean(false),
  API_TOKENS: envOptionalString(),
  AUTH_CACHE_TTL_SECONDS: envNumber(30, { min: 0, max: 3600 }),
  AUTH_TIMEOUT_MS: envNumber(5000, { min: 100, max: 60_000, integer: true }),
  AUTH_FAILURE_LIMIT: envNumber(20, { min: 1, max: 100_000, integer: true }),
  AUTH_FAILURE_WINDOW_SECONDS: envNumber(60, { min: 1, max: 86_400, integer: true }),
  WEBHOOK_RATE_LIMIT: envNumber(600, { min: 1, max: 1_000_000, integer: true }),
  SESSION_TTL_HOURS: envNumber(12, { min: 0.01, max: 720 }),
  BODY_LIMIT: envString('256kb'),
  SHUTDOWN_TIMEOUT_SECONDS: envNumber(30, { min: 0, max: 3600 }),
  CRONTAB_USER: envOptionalString(),
  // Gap detection and catch-up (issue 17).
  GAP_CHECK_INTERVAL_SECONDS: envNumber(60, { min: 1, max: 86_400 }),
  GAP_WINDOW_HOURS: envNumber(24, { min: 0.001, max: 24 * 366 }),
  GAP_MAX_TICKS_PER_JOB: envNumber(1000, { min: 1, max: 1_000_000, integer: true }),
  DEFAULT_CATCHUP: z.enum(CATCHUP_POLICIES).default('latest'),
  // Failure notifications (issue 16): outbound webhooks of a job.
  NOTIFY_MAX_ATTEMPTS: envNumber(6, { min: 1, max: 50, integer: true }),
  NOTIFY_BACKOFF_MS: envNumber(5000, { min: 1, max: 3_600_000, integer: true }),
  NOTIFY_TIMEOUT_MS: envNumber(10_000, { min: 100, max: 120_000, integer: true }),
  NOTIFY_CONCURRENCY: envNumber(5, { min: 1, max: 100, integer: true }),
  // Chained events and CoreHub webhooks (issue 16).
  CHAIN_WAIT_RECHECK_SECONDS: envNumber(30, { min: 0.05, max: 3600 }),
  WEBHOOK_SYNC_INTERVAL_SECONDS: envNumber(300, { min: 1, max: 86_400 }),
});

export type ChronosConfig = ReturnType<typeof buildConfig>;

/**
 * The name of every variable `loadConfig` reads, aliases included: what `.env.example` and the README table
 * must list (a unit test holds `.env.example` to it).
 */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze(Object.keys(EnvSchema.shape));

function buildConfig(env: z.infer<typeof EnvSchema>, issues: FieldIssue[]) {
  const dataDir = path.resolve(env.DATA_DIR);
  const timezone = env.TIMEZONE ?? env.TZ ?? 'UTC';
  const timezoneVar = env.TIMEZONE ? 'TIMEZONE' : 'TZ';
  if (!isValidTimeZone(timezone)) {
    issues.push({
      path: timezoneVar,
      message: `"${timezone}" is not an IANA time zone (e.g. Europe/Rome, UTC)`,
    });
  }
  const db = normalizeDbUrl(env.DB_URL ?? `file:${path.join(dataDir, 'chronos.db')}`);
  if ('error' in db) issues.push({ path: 'DB_URL', message: db.error });
  const direct = env.DIRECT_DB_URL ? normalizeDbUrl(env.DIRECT_DB_URL) : undefined;
  if (direct && 'error' in direct) issues.push({ path: 'DIRECT_DB_URL', message: direct.error });
  if (direct && 'url' in direct && direct.provider !== 'postgresql') {
    issues.push({
      path: 'DIRECT_DB_URL',
      message: 'expected postgresql://… (the same database as DB_URL, without the pooler)',
    });
  }
  const hubVar = env.CORE_HUB_URL ? 'CORE_HUB_URL' : 'GLUESYNC_HOST';
  const hub = normalizeCoreHubUrl(env.CORE_HUB_URL ?? env.GLUESYNC_HOST, env.SSL_ENABLED);
  if (hub && 'error' in hub) issues.push({ path: hubVar, message: hub.error });
  const redis = redisSettingsOf(env, issues);
  const moduleAddress = resolveModuleAddress(env.PUBLIC_URL, env.PORT, env.SSL_ENABLED);
  if ('error' in moduleAddress) issues.push({ path: 'PUBLIC_URL', message: moduleAddress.error });
  const notices: string[] = [];
  if (env.CRONTAB_USER) notices.push('CRONTAB_USER is ignored: Chronos schedules with BullMQ, not crontab');

  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    notices,
    http: {
      host: env.HOST,
      port: env.PORT,
      corsOrigins: env.CORS_ORIGINS,
      /** Proxies allowed to name the client address (the limiter's key); see `envTrustProxy`. */
      trustProxy: env.TRUST_PROXY,
      bodyLimit: env.BODY_LIMIT,
      sslEnabled: env.SSL_ENABLED,
      /** The api's address as clients reach it (PUBLIC_URL, no trailing slash): where `trigger_url` points. */
      publicUrl:
        env.PUBLIC_URL && !('error' in moduleAddress) ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
      /** Requests per minute each client may send to the unauthenticated webhook receivers. */
      webhookRateLimit: env.WEBHOOK_RATE_LIMIT,
    },
    logging: { level: env.LOG_LEVEL ?? (env.DEBUG ? 'debug' : 'info'), pretty: env.DEBUG },
    dataDir,
    database: {
      url: db && 'url' in db ? db.url : '',
      /** Where migrations go when DB_URL is a transaction pooler (PgBouncer): the database itself. */
      ...(direct && 'url' in direct ? { migrationUrl: direct.url } : {}),
    },
    redis,
    corehub: {
      url: hub && 'url' in hub ? hub.url : undefined,
      licenseFile: env.GLUESYNC_LICENSE_FILE,
      securityConfigFile: env.GLUESYNC_SECURITY_CONFIG,
      sslEnabled: env.SSL_ENABLED,
      sslSkipVerify: env.SSL_SKIP_VERIFY,
      moduleTag: 'scheduler-module' as const,
      modulePort: 'error' in moduleAddress ? env.PORT : moduleAddress.port,
      moduleScheme: 'error' in moduleAddress ? ('http' as const) : moduleAddress.scheme,
      discovery: {
        host: env.DISCOVERY_HOST,
        startPort: env.DISCOVERY_START_PORT,
        portRange: env.DISCOVERY_PORT_RANGE,
        timeoutMs: env.DISCOVERY_TIMEOUT_MS,
      },
      requestTimeoutMs: env.COREHUB_REQUEST_TIMEOUT_MS,
      healthCheckIntervalMs: env.COREHUB_HEALTH_CHECK_INTERVAL_SECONDS * 1000,
    },
    tasks: {
      entityPauseMs: env.ENTITY_START_TIMEOUT * 1000,
      settlePollIntervalMs: env.SETTLE_POLL_INTERVAL_SECONDS * 1000,
      settleTimeoutMs: env.SETTLE_TIMEOUT_SECONDS * 1000,
      aiRun: {
        intervalMs: env.AI_RUN_POLL_INTERVAL_SECONDS * 1000,
        timeoutMs: env.AI_RUN_TIMEOUT_SECONDS * 1000,
      },
      validation: {
        intervalMs: env.VALIDATION_POLL_INTERVAL_SECONDS * 1000,
        timeoutMs: env.VALIDATION_TIMEOUT_SECONDS * 1000,
      },
      brainReindex: {
        intervalMs: env.BRAIN_REINDEX_POLL_INTERVAL_SECONDS * 1000,
        timeoutMs: env.BRAIN_REINDEX_TIMEOUT_SECONDS * 1000,
      },
    },
    schedule: { defaultTimezone: timezone },
    worker: {
      concurrency: env.WORKER_CONCURRENCY,
      /** Port of the worker's /health, /ready and /metrics server (bound to HOST); 0 = no server. */
      httpPort: env.WORKER_HTTP_PORT,
      /**
       * BullMQ's lock on a running execution. Renewed every half of it: an event loop stalled longer than that
       * (a saturated host) lets another worker take the execution over while it still runs, so this is also
       * how long a killed worker's execution waits before another worker recovers it (at most 1.5×).
       */
      lockMs: env.WORKER_LOCK_SECONDS * 1000,
      reconcileIntervalMs: env.RECONCILE_INTERVAL_SECONDS * 1000,
      retryBackoffMs: env.RETRY_BACKOFF_MS,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_SECONDS * 1000,
      retention: { days: env.RETENTION_DAYS, maxRowsPerJob: env.RETENTION_MAX_ROWS_PER_JOB },
      gaps: {
        intervalMs: env.GAP_CHECK_INTERVAL_SECONDS * 1000,
        windowMs: Math.round(env.GAP_WINDOW_HOURS * 3_600_000),
        maxTicksPerJob: env.GAP_MAX_TICKS_PER_JOB,
      },
      notifications: {
        /** Attempts per delivery (the first included); BullMQ's exponential backoff spaces them. */
        maxAttempts: env.NOTIFY_MAX_ATTEMPTS,
        /** The wait before the second attempt; each later one waits twice the one before. */
        backoffMs: env.NOTIFY_BACKOFF_MS,
        /** How long one HTTP attempt may take (connect, send, answer). */
        timeoutMs: env.NOTIFY_TIMEOUT_MS,
        /** Deliveries one worker makes at once. */
        concurrency: env.NOTIFY_CONCURRENCY,
      },
      /**
       * How often a chain step waiting for CoreHub's webhook re-reads the database by itself; the api that
       * receives the webhook wakes it at once, this bounds a wake-up that raced the step going back to sleep.
       */
      chainWaitRecheckMs: Math.round(env.CHAIN_WAIT_RECHECK_SECONDS * 1000),
    },
    webhooks: {
      /** How often the api brings CoreHub's webhook list in line with the database (also after each job write). */
      syncIntervalMs: env.WEBHOOK_SYNC_INTERVAL_SECONDS * 1000,
    },
    policyDefaults: {
      concurrencyPolicy: env.DEFAULT_CONCURRENCY_POLICY,
      misfireGraceSeconds: env.DEFAULT_MISFIRE_GRACE_SECONDS,
      maxAttempts: env.DEFAULT_MAX_ATTEMPTS,
      timeoutSeconds: env.DEFAULT_TIMEOUT_SECONDS,
      /** The catch-up window defaults to the job's own misfire grace (nothing changes for a job on time). */
      catchup: env.DEFAULT_CATCHUP,
    },
    auth: {
      disabled: env.AUTH_DISABLED,
      apiTokens: env.API_TOKENS,
      cacheTtlMs: env.AUTH_CACHE_TTL_SECONDS * 1000,
      timeoutMs: env.AUTH_TIMEOUT_MS,
      failureLimit: env.AUTH_FAILURE_LIMIT,
      failureWindowMs: env.AUTH_FAILURE_WINDOW_SECONDS * 1000,
      /** Lifetime of a browser sign-in (the session cookie and its database row). */
      sessionTtlMs: Math.round(env.SESSION_TTL_HOURS * 3_600_000),
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Parses the environment once into a frozen, typed config. Throws one ConfigError naming every bad variable
 * (never its value when it may be a secret). Only `main.ts` files call this.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): ChronosConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        path: String(issue.path[0] ?? 'environment'),
        message:
          issue.code === 'invalid_value' ? `expected one of ${issue.values.join(', ')}` : issue.message,
      })),
    );
  }
  const issues: FieldIssue[] = [];
  const config = buildConfig(parsed.data, issues);
  if (issues.length > 0) throw new ConfigError(issues);
  return deepFreeze(config);
}
