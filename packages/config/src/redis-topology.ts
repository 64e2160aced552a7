import type { FieldIssue } from '@chronos/errors';

export type RedisNode = { host: string; port: number };

/**
 * How Chronos reaches Redis: one server (`REDIS_URL`), a Sentinel-watched primary (`REDIS_SENTINELS`), or a
 * Cluster (`REDIS_CLUSTER_NODES`). In every mode `url` carries the data nodes' credentials and TLS
 * (`rediss://`); with Sentinel or Cluster its host is not used. `@chronos/queue` builds the connections.
 */
export type RedisSettings = { url: string; prefix: string } & (
  | { mode: 'standalone' }
  | { mode: 'sentinel'; sentinels: RedisNode[]; sentinelName: string; sentinelPassword?: string }
  | { mode: 'cluster'; nodes: RedisNode[] }
);

export type RedisEnv = {
  REDIS_URL: string;
  QUEUE_PREFIX: string | undefined;
  REDIS_SENTINELS: string[];
  REDIS_SENTINEL_NAME: string;
  REDIS_SENTINEL_PASSWORD: string | undefined;
  REDIS_CLUSTER_NODES: string[];
};

const DEFAULT_PREFIX = 'chronos';
const DEFAULT_CLUSTER_PREFIX = `{${DEFAULT_PREFIX}}`;

/** `host:port` (IPv6 as `[::1]:port`) → a node, or undefined when it is not one. */
function parseNode(text: string): RedisNode | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  const host = match?.[1] ?? match?.[2];
  if (!host || !Number.isInteger(port) || port < 1 || port > 65_535) return undefined;
  return { host, port };
}

function parseNodes(variable: string, items: string[], issues: FieldIssue[]): RedisNode[] {
  const nodes: RedisNode[] = [];
  for (const item of items) {
    const node = parseNode(item);
    if (node) nodes.push(node);
    else issues.push({ path: variable, message: `expected host:port[,host:port…], got "${item}"` });
  }
  return nodes;
}

/**
 * True when `prefix` holds a Redis Cluster hash tag: the text between the first `{` and the next `}`, not
 * empty. Only that text is hashed, so every key under the prefix lands in one slot, as BullMQ's multi-key
 * scripts require.
 */
export function hasHashTag(prefix: string): boolean {
  const open = prefix.indexOf('{');
  if (open < 0) return false;
  const close = prefix.indexOf('}', open + 1);
  return close > open + 1;
}

export function redisSettingsOf(env: RedisEnv, issues: FieldIssue[]): RedisSettings {
  if (!/^rediss?:\/\//.test(env.REDIS_URL)) {
    issues.push({
      path: 'REDIS_URL',
      message: `expected redis://host:port or rediss://…, got "${env.REDIS_URL}"`,
    });
  }
  const url = env.REDIS_URL;
  if (env.REDIS_SENTINELS.length > 0 && env.REDIS_CLUSTER_NODES.length > 0) {
    issues.push({
      path: 'REDIS_CLUSTER_NODES',
      message: 'set either REDIS_SENTINELS (Sentinel) or REDIS_CLUSTER_NODES (Cluster), not both',
    });
  }
  if (env.REDIS_CLUSTER_NODES.length > 0) {
    const prefix = env.QUEUE_PREFIX ?? DEFAULT_CLUSTER_PREFIX;
    if (!hasHashTag(prefix)) {
      issues.push({
        path: 'QUEUE_PREFIX',
        message: `Redis Cluster needs a hash tag in the prefix so a queue's keys share one slot: use "{${prefix}}", got "${prefix}"`,
      });
    }
    return {
      url,
      prefix,
      mode: 'cluster',
      nodes: parseNodes('REDIS_CLUSTER_NODES', env.REDIS_CLUSTER_NODES, issues),
    };
  }
  const prefix = env.QUEUE_PREFIX ?? DEFAULT_PREFIX;
  if (env.REDIS_SENTINELS.length > 0) {
    return {
      url,
      prefix,
      mode: 'sentinel',
      sentinels: parseNodes('REDIS_SENTINELS', env.REDIS_SENTINELS, issues),
      sentinelName: env.REDIS_SENTINEL_NAME,
      ...(env.REDIS_SENTINEL_PASSWORD ? { sentinelPassword: env.REDIS_SENTINEL_PASSWORD } : {}),
    };
  }
  return { url, prefix, mode: 'standalone' };
}
