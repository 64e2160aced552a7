import { ConfigError } from '@chronos/errors';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { normalizeCoreHubUrl } from './corehub-url.js';
import { normalizeDbUrl } from './db-url.js';
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

describe('loadConfig', () => {
  it("announces PUBLIC_URL's scheme and port in the module handshake, else the api's PORT and SSL_ENABLED", () => {
    expect(loadConfig({ PORT: '8000' }).corehub).toMatchObject({ modulePort: 8000, moduleScheme: 'http' });
    expect(loadConfig({ PORT: '8000', SSL_ENABLED: 'true' }).corehub).toMatchObject({
      modulePort: 8000,
      moduleScheme: 'https',
    });
    expect(loadConfig({ PORT: '1720', PUBLIC_URL: 'https://chronos.example.com' }).corehub).toMatchObject({
      modulePort: 443,
      moduleScheme: 'https',
    });
    expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:8080/' }).corehub).toMatchObject({
      modulePort: 8080,
      moduleScheme: 'http',
    });
    expect(issuesOf({ PUBLIC_URL: 'ftp://files' })).toEqual([
      { path: 'PUBLIC_URL', message: 'scheme must be http or https, got "ftp"' },
    ]);
    expect(issuesOf({ PUBLIC_URL: 'chronos:80:80' })[0]?.path).toBe('PUBLIC_URL');
  });

  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.http).toMatchObject({ host: '0.0.0.0', port: 1717, corsOrigins: [] });
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'chronos', mode: 'standalone' });
    expect(config.database.url).toMatch(/^file:\/.*\/data\/chronos\.db$/);
    expect(config.schedule.defaultTimezone).toBe('UTC');
    expect(config.tasks.entityPauseMs).toBe(2000);
    expect(config.corehub).toMatchObject({
      url: undefined,
      moduleTag: 'scheduler-module',
      moduleScheme: 'http',
    });
    expect(config.policyDefaults).toEqual({
      concurrencyPolicy: 'forbid',
      misfireGraceSeconds: 60,
      maxAttempts: 3,
      timeoutSeconds: 600,
      catchup: 'latest',
    });
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
  });

  it('names each bad variable with what it expects, several in one error', () => {
    const issues = issuesOf({
      PORT: 'eighty',
      DEBUG: 'maybe',
      TIMEZONE: 'Mars/Olympus',
      DB_URL: 'mysql://x/y',
    });
    expect(issues.map((i) => i.path).sort()).toEqual(['DEBUG', 'PORT']);
    expect(issues.find((i) => i.path === 'PORT')?.message).toContain('whole number between 0 and 65535');
    const later = issuesOf({ TIMEZONE: 'Mars/Olympus', DB_URL: 'mysql://x/y', REDIS_URL: 'localhost' });
    expect(later.map((i) => i.path).sort()).toEqual(['DB_URL', 'REDIS_URL', 'TIMEZONE']);
  });

  it('accepts the aliases GLUESYNC_HOST and TZ, and zones Intl knows but lists omit', () => {
    const config = loadConfig({ GLUESYNC_HOST: 'corehub.local', TZ: 'Europe/Kyiv', SSL_ENABLED: 'true' });
    expect(config.corehub.url).toBe('https://corehub.local:1717');
    expect(config.corehub.moduleScheme).toBe('https');
    expect(config.schedule.defaultTimezone).toBe('Europe/Kyiv');
  });

  it('prefers TIMEZONE over TZ and CORE_HUB_URL over GLUESYNC_HOST', () => {
    const config = loadConfig({
      TIMEZONE: 'Europe/Rome',
      TZ: 'UTC',
      CORE_HUB_URL: 'a:1',
      GLUESYNC_HOST: 'b:2',
    });
    expect(config.schedule.defaultTimezone).toBe('Europe/Rome');
    expect(config.corehub.url).toBe('http://a:1');
  });

  it('accepts CRONTAB_USER and reports that it is ignored', () => {
    expect(loadConfig({ CRONTAB_USER: 'root' }).notices).toEqual([
      'CRONTAB_USER is ignored: Chronos schedules with BullMQ, not crontab',
    ]);
  });

  it('lists CORS origins from a comma-separated value', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example,' }).http.corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('reads TRUST_PROXY as off, a hop count, or addresses and ranges, and names what it cannot read', () => {
    const trustOf = (value?: string) =>
      loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).http.trustProxy;
    expect(trustOf()).toBe(false);
    expect(trustOf('1')).toBe(1);
    expect(trustOf('true')).toBe(true);
    expect(trustOf('loopback, 10.0.0.0/8, fd00::/8, 192.0.2.7')).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.7',
    ]);
    expect(() => trustOf('10.0.0.0/33, proxy.example')).toThrow(
      /TRUST_PROXY.*"10\.0\.0\.0\/33", "proxy\.example"/s,
    );
  });
});

describe('normalizeDbUrl', () => {
  it('keeps PostgreSQL URLs and resolves SQLite paths', () => {
    expect(normalizeDbUrl('postgresql://root@127.0.0.1:5432/test')).toEqual({
      url: 'postgresql://root@127.0.0.1:5432/test',
      provider: 'postgresql',
    });
    expect(normalizeDbUrl('file:/var/lib/chronos.db')).toEqual({
      url: 'file:/var/lib/chronos.db',
      provider: 'sqlite',
    });
    expect(normalizeDbUrl('sqlite:////var/lib/scheduler.db')).toEqual({
      url: 'file:/var/lib/scheduler.db',
      provider: 'sqlite',
    });
    expect(normalizeDbUrl('sqlite:///./data/scheduler.db')).toMatchObject({ provider: 'sqlite' });
  });

  it('explains what is wrong with an unknown scheme or an empty path', () => {
    expect(normalizeDbUrl('mysql://x/y')).toEqual({
      error: 'unsupported scheme "mysql:": use postgresql://…, file:path or sqlite:///path',
    });
    expect(normalizeDbUrl('file:')).toEqual({ error: 'a SQLite URL needs a path: file:./data/chronos.db' });
  });
});

describe('normalizeCoreHubUrl', () => {
  it.each([
    ['corehub', false, 'http://corehub:1717'],
    ['corehub:9000', false, 'http://corehub:9000'],
    ['https://corehub', false, 'https://corehub:1717'],
    ['http://10.0.0.5:1717/', true, 'http://10.0.0.5:1717'],
  ])('%s (ssl %s) → %s', (raw, ssl, expected) => {
    expect(normalizeCoreHubUrl(raw, ssl)).toEqual({ url: expected });
  });

  it('is undefined without a host (discovery takes over) and rejects other schemes', () => {
    expect(normalizeCoreHubUrl(undefined, false)).toBeUndefined();
    expect(normalizeCoreHubUrl('ftp://corehub', false)).toEqual({
      error: 'scheme must be http or https, got "ftp"',
    });
  });

  it('DIRECT_DB_URL: where migrations go beside a pooler; PostgreSQL only, named when wrong', () => {
    const config = loadConfig({
      DB_URL: 'postgresql://chronos@pgbouncer:6432/chronos',
      DIRECT_DB_URL: 'postgresql://chronos@postgres:5432/chronos',
    });
    expect(config.database).toEqual({
      url: 'postgresql://chronos@pgbouncer:6432/chronos',
      migrationUrl: 'postgresql://chronos@postgres:5432/chronos',
    });
    expect(issuesOf({ DIRECT_DB_URL: 'file:./x.db' })).toEqual([
      { path: 'DIRECT_DB_URL', message: expect.stringContaining('postgresql://') as string },
    ]);
  });
});

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
