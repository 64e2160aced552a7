import { describe, expect, it } from 'vitest';
import { describeMissingRedis } from './redis-check.js';
import { formatStartBanner } from './start-banner.js';

describe('formatStartBanner', () => {
  const base = {
    apiUrl: 'http://127.0.0.1:1717',
    databaseUrl: 'postgresql://chronos:secret@db:5432/chronos',
    redisUrl: 'redis://:hunter2@redis:6379',
    adminToken: { token: 'chr_abc', file: '/srv/chronos/data/admin-token' },
    cwd: '/srv/chronos',
  };

  it('lists only links a browser opens (console, docs, Bull Board) and the admin token relative to cwd', () => {
    const text = formatStartBanner({ ...base, corehub: { kind: 'configured', url: 'https://hub:1717' } });
    expect(text).toContain('  Console      http://127.0.0.1:1717/  (sign in with the admin token below)\n');
    expect(text).toContain('  API docs     http://127.0.0.1:1717/docs/\n');
    expect(text).not.toMatch(/^ {2}(API|Metrics) {2,}/m);
    expect(text).toContain('  Bull Board   http://127.0.0.1:1717/admin/queues\n');
    expect(text).toContain('  Admin token  chr_abc\n');
    expect(text).toContain('kept in data/admin-token;');
    expect(text).toContain('  CoreHub      https://hub:1717  (CORE_HUB_URL)\n');
  });

  it('never prints the database or Redis password', () => {
    const text = formatStartBanner({ ...base, corehub: { kind: 'discovered', url: 'https://hub:1717' } });
    expect(text).not.toContain('secret');
    expect(text).not.toContain('hunter2');
    expect(text).toContain('redis://:***@redis:6379');
  });
});

describe('describeMissingRedis', () => {
  it('says how to start or install Redis and names REDIS_URL', () => {
    const text = describeMissingRedis('redis://127.0.0.1:6379');
    expect(text).toMatch(
      /^chronos start: Redis does not answer at redis:\/\/127\.0\.0\.1:6379 \(REDIS_URL\)\./,
    );
    expect(text).toContain('redis-server --daemonize yes --bind 127.0.0.1 --port 6379');
    expect(text).toContain('apt-get install -y redis-server');
    expect(text).toContain('REDIS_URL=redis://host:6379 pnpm start');
  });
});
