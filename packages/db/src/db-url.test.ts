import { ConfigError } from '@chronos/errors';
import { describe, expect, it } from 'vitest';
import { parseDbUrl, redactDbUrl } from './db-url.js';

describe('parseDbUrl', () => {
  it('splits a PostgreSQL URL into the parts the pg pool gets separately', () => {
    expect(parseDbUrl('postgresql://chronos:s%40cret@db.internal:6543/chronos?sslmode=require')).toEqual({
      provider: 'postgresql',
      url: 'postgresql://chronos:s%40cret@db.internal:6543/chronos?sslmode=require',
      host: 'db.internal',
      port: 6543,
      user: 'chronos',
      password: 's@cret',
      database: 'chronos',
      params: { sslmode: 'require' },
    });
  });

  it('accepts the postgres:// alias and fills the default port and user', () => {
    const target = parseDbUrl('postgres://127.0.0.1/test');
    expect(target).toMatchObject({ provider: 'postgresql', port: 5432, user: 'postgres', database: 'test' });
  });

  it('reads an IPv6 host without brackets', () => {
    expect(parseDbUrl('postgresql://postgres@[::1]:5432/test')).toMatchObject({ host: '::1' });
  });

  it('accepts file: with an absolute path as SQLite', () => {
    expect(parseDbUrl('file:/var/lib/chronos/chronos.db')).toEqual({
      provider: 'sqlite',
      url: 'file:/var/lib/chronos/chronos.db',
      filePath: '/var/lib/chronos/chronos.db',
    });
  });

  it.each([
    ['mysql://root@localhost/chronos', /unsupported database URL/],
    ['sqlite:///data/chronos.db', /unsupported database URL/],
    ['file:./data/chronos.db', /absolute path/],
    ['postgresql://postgres@127.0.0.1:5432/', /database name/],
    ['postgresql://', /PostgreSQL URL/],
  ])('rejects %s with a ConfigError naming DB_URL', (url, message) => {
    let caught: unknown;
    try {
      parseDbUrl(url);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.path).toBe('DB_URL');
    expect(error.issues[0]?.message).toMatch(message);
  });
});

describe('redactDbUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactDbUrl('postgresql://chronos:hunter2@db:5432/chronos')).toBe(
      'postgresql://chronos:***@db:5432/chronos',
    );
    expect(redactDbUrl('file:/tmp/x.db')).toBe('file:/tmp/x.db');
  });
});
