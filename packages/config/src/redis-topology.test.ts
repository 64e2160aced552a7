import { ConfigError } from '@chronos/errors';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { hasHashTag } from './redis-topology.js';

function issuesOf(env: Record<string, string>) {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('Redis topology', () => {
  it('Sentinel: the sentinels, the primary set name (mymaster by default) and an optional sentinel password', () => {
    expect(loadConfig({ REDIS_SENTINELS: 's1:26379, 10.0.0.2:26380,[::1]:26381' }).redis).toEqual({
      url: 'redis://127.0.0.1:6379',
      prefix: 'chronos',
      mode: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
        { host: '::1', port: 26381 },
      ],
      sentinelName: 'mymaster',
    });
    const named = loadConfig({
      REDIS_SENTINELS: 's1:26379',
      REDIS_SENTINEL_NAME: 'chronos-primary',
      REDIS_SENTINEL_PASSWORD: 'hunter2',
      REDIS_URL: 'redis://:secret@ignored:6379/2',
    }).redis;
    expect(named).toMatchObject({ sentinelName: 'chronos-primary', sentinelPassword: 'hunter2' });
    expect(named.url).toBe('redis://:secret@ignored:6379/2');
  });

  it('Cluster: the seed nodes, and the prefix defaults to the hash-tagged {chronos}', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'r1:7000,r2:7001' }).redis).toEqual({
      url: 'redis://127.0.0.1:6379',
      prefix: '{chronos}',
      mode: 'cluster',
      nodes: [
        { host: 'r1', port: 7000 },
        { host: 'r2', port: 7001 },
      ],
    });
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'r1:7000', QUEUE_PREFIX: 'prod:{chronos}' }).redis.prefix).toBe(
      'prod:{chronos}',
    );
  });

  it('Cluster: a prefix without a hash tag is refused, naming QUEUE_PREFIX and the fix', () => {
    const issues = issuesOf({ REDIS_CLUSTER_NODES: 'r1:7000', QUEUE_PREFIX: 'chronos' });
    expect(issues).toEqual([
      {
        path: 'QUEUE_PREFIX',
        message: expect.stringContaining('hash tag') as string,
      },
    ]);
    expect(issues[0]?.message).toContain('"{chronos}"');
    expect(issuesOf({ REDIS_CLUSTER_NODES: 'r1:7000', QUEUE_PREFIX: 'a{}b' })[0]?.path).toBe('QUEUE_PREFIX');
  });

  it('names the variable of a node that is not host:port, and refuses Sentinel and Cluster together', () => {
    expect(issuesOf({ REDIS_SENTINELS: 's1:26379,s2' })).toEqual([
      { path: 'REDIS_SENTINELS', message: 'expected host:port[,host:port…], got "s2"' },
    ]);
    expect(issuesOf({ REDIS_CLUSTER_NODES: 'r1:99999' }).map((issue) => issue.path)).toEqual([
      'REDIS_CLUSTER_NODES',
    ]);
    expect(issuesOf({ REDIS_SENTINELS: 's1:26379', REDIS_CLUSTER_NODES: 'r1:7000' })[0]).toMatchObject({
      path: 'REDIS_CLUSTER_NODES',
      message: expect.stringContaining('not both') as string,
    });
  });

  it('reads a hash tag as Redis does: the first {…} with something inside', () => {
    expect(hasHashTag('{chronos}')).toBe(true);
    expect(hasHashTag('x:{a}:{b}')).toBe(true);
    expect(hasHashTag('chronos')).toBe(false);
    expect(hasHashTag('{}chronos')).toBe(false);
    expect(hasHashTag('{chronos')).toBe(false);
  });
});
