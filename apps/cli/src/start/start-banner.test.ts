import { describe, expect, it } from 'vitest';
import { describeDiscovery, quickStartEnv } from './quick-start.js';
import { describeMissingRedis } from './redis-check.js';
import { formatStartBanner } from './start-banner.js';

describe('formatStartBanner', () => {
  const base = {
    apiUrl: 'http://127.0.0.1:1717',
    listening: { host: '127.0.0.1', port: 1717 },
    databaseUrl: 'postgresql://chronos:secret@db:5432/chronos',
    redisUrl: 'redis://:hunter2@redis:6379',
    adminToken: { token: 'chr_abc', file: '/srv/chronos/data/admin-token', isNew: true },
    cwd: '/srv/chronos',
  };

  it('lists the address it listens on and only links a browser opens (console, docs, Bull Board)', () => {
    const text = formatStartBanner({ ...base, corehub: { kind: 'configured', url: 'https://hub:1717' } });
    expect(text).toContain(
      '  Listening    127.0.0.1:1717  (this machine only; HOST=0.0.0.0 opens it to others)\n',
    );
    expect(text).toContain('  Console      http://127.0.0.1:1717/  (sign in with the admin token below)\n');
    expect(text).toContain('  API docs     http://127.0.0.1:1717/docs/\n');
    expect(text).not.toMatch(/^ {2}(API|Metrics) {2,}/m);
    expect(text).toContain('  Bull Board   http://127.0.0.1:1717/admin/queues\n');
    expect(text).toContain('  CoreHub      https://hub:1717  (CORE_HUB_URL)\n');
  });

  it('says when it listens on every interface, though clients on this machine use loopback', () => {
    const text = formatStartBanner({
      ...base,
      listening: { host: '0.0.0.0', port: 1717 },
      corehub: { kind: 'configured', url: 'https://hub:1717' },
    });
    expect(text).toContain('  Listening    0.0.0.0:1717  (every interface: reachable from other machines)\n');
  });

  it('prints a just-created admin token in full, with the file it is kept in relative to cwd', () => {
    const text = formatStartBanner({ ...base, corehub: { kind: 'configured', url: 'https://hub:1717' } });
    expect(text).toContain('  Admin token  chr_abc\n');
    expect(text).toContain('shown only this once; kept in data/admin-token;');
  });

  it('on later starts names only where the admin token is kept and how to print it', () => {
    const text = formatStartBanner({
      ...base,
      adminToken: { ...base.adminToken, isNew: false },
      corehub: { kind: 'configured', url: 'https://hub:1717' },
    });
    expect(text).not.toContain('chr_abc');
    expect(text).toContain(
      '  Admin token  kept in data/admin-token (SUPER_ADMIN; print it with: cat data/admin-token)\n',
    );
  });

  it('never prints the database or Redis password', () => {
    const text = formatStartBanner({ ...base, corehub: { kind: 'discovered', url: 'https://hub:1717' } });
    expect(text).not.toContain('secret');
    expect(text).not.toContain('hunter2');
    expect(text).toContain('redis://:***@redis:6379');
  });
});

describe('describeMissingRedis', () => {
  it('says how to start Redis on the port REDIS_URL names, or install it, and names REDIS_URL', () => {
    const text = describeMissingRedis('redis://127.0.0.1:6390');
    expect(text).toMatch(
      /^chronos start: Redis does not answer at redis:\/\/127\.0\.0\.1:6390 \(REDIS_URL\)\./,
    );
    expect(text).toContain('redis-server --daemonize yes --bind 127.0.0.1 --port 6390 ');
    expect(text).toContain('apt-get install -y redis-server');
    expect(text).toContain('REDIS_URL=redis://host:6379 pnpm start');
  });

  it('sends a Redis on another host to that host instead of starting one here, password hidden', () => {
    const text = describeMissingRedis('redis://:hunter2@cache.internal:6380/2');
    expect(text).toContain('check that Redis runs on cache.internal port 6380');
    expect(text).not.toContain('redis-server --daemonize');
    expect(text).not.toContain('hunter2');
  });
});

describe('the quick start', () => {
  it('listens on loopback unless HOST is set', () => {
    expect(quickStartEnv({ PORT: '1717' }).HOST).toBe('127.0.0.1');
    expect(quickStartEnv({ HOST: '' }).HOST).toBe('127.0.0.1');
    expect(quickStartEnv({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('says where and how long it looks for a CoreHub before it does', () => {
    const discovery = { host: '255.255.255.255', startPort: 1717, portRange: 10, timeoutMs: 3000 };
    expect(describeDiscovery(discovery)).toBe(
      'Looking for a CoreHub on the local network (UDP discovery to 255.255.255.255 ports 1717-1726, up to 3 s; set CORE_HUB_URL to skip)…',
    );
  });
});
