import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';

export type RedisRole =
  /** API side: commands fail fast while Redis is down, so an API write can report "pending sync". */
  | 'client'
  /** Worker side: blocking commands wait for Redis to come back (BullMQ requires this for Workers). */
  | 'worker';

type RedisNode = { host: string; port: number };

/**
 * Where Redis is (the shape `@chronos/config` gives as `config.redis`): one server, a primary watched by
 * Sentinel, or a Cluster. `url` carries the data nodes' credentials and TLS in every mode. A bare URL string
 * means one server.
 */
export type RedisTarget =
  | string
  | ({ url: string } & (
      | { mode: 'standalone' }
      | { mode: 'sentinel'; sentinels: RedisNode[]; sentinelName: string; sentinelPassword?: string }
      | { mode: 'cluster'; nodes: RedisNode[] }
    ));

/** The ioredis client every Chronos process talks to Redis with: a server's (also via Sentinel) or a Cluster's. */
export type RedisConnection = Redis | Cluster;

/**
 * A primary that Sentinel demoted while we were still connected answers writes with READONLY, and a node
 * still loading its data set with LOADING: reconnect (Sentinel then names the new primary) and resend.
 */
function reconnectOnFailover(error: Error): 2 | false {
  return /^(READONLY|LOADING)/.test(error.message) ? 2 : false;
}

/** Credentials and TLS of `url` as ioredis options (what a Cluster's nodes need; ioredis parses the rest). */
function credentialsOf(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/**
 * One ioredis connection configured for its role, whatever the topology: the one place that builds a Redis
 * connection, for the api, the workers, BullMQ, leases, events and Bull Board. The caller owns it and must
 * `quit()` it.
 */
export function createRedisConnection(
  target: RedisTarget,
  role: RedisRole,
  extra: RedisOptions = {},
): RedisConnection {
  const resolved = typeof target === 'string' ? { url: target, mode: 'standalone' as const } : target;
  // Reconnect forever with a capped delay: a restarted Redis must be picked up without a process restart.
  const retry = (attempt: number) => Math.min(200 * attempt, 2000);
  const roleOptions: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false };
  const common: RedisOptions = {
    lazyConnect: false,
    connectTimeout: 5000,
    retryStrategy: retry,
    reconnectOnError: reconnectOnFailover,
    ...roleOptions,
    ...extra,
  };
  if (resolved.mode === 'cluster') {
    const { enableOfflineQueue, lazyConnect, ...redisOptions } = common;
    const clusterOptions: ClusterOptions = {
      redisOptions: { ...redisOptions, ...credentialsOf(resolved.url) },
      clusterRetryStrategy: extra.retryStrategy ?? retry,
      ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
      ...(lazyConnect === undefined ? {} : { lazyConnect }),
    };
    return new Cluster(resolved.nodes, clusterOptions);
  }
  if (resolved.mode === 'sentinel') {
    return new Redis(resolved.url, {
      ...common,
      sentinels: resolved.sentinels,
      name: resolved.sentinelName,
      ...(resolved.sentinelPassword ? { sentinelPassword: resolved.sentinelPassword } : {}),
      sentinelRetryStrategy: extra.retryStrategy ?? retry,
      // No `failoverDetector`: in ioredis 5.11 its +switch-master handler disconnects the connector even while
      // it is reconnecting after the old primary died, which ends the connection for good (status `end`, seen in
      // apps/worker/test/sentinel-failover.int.test.ts). A dead primary closes the socket anyway, and one that
      // Sentinel demoted answers READONLY, which reconnects (above).
    });
  }
  return new Redis(resolved.url, common);
}

/** True when Redis answers PING within `timeoutMs`. */
export async function pingRedis(redis: RedisConnection, timeoutMs = 1000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('redis ping timed out')), timeoutMs);
    });
    return (await Promise.race([redis.ping(), timeout])) === 'PONG';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
