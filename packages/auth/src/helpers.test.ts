import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '@chronos/errors';
import { describe, expect, it } from 'vitest';
import { ensureAdminToken } from './admin-token.js';
import { generateApiToken, matchApiToken, parseApiTokens } from './api-tokens.js';
import { credentialsCacheKey, readCredentials } from './credentials.js';
import { createFailureLimiter } from './failure-limiter.js';
import { hasPermission, ROLES } from './roles.js';

describe('role matrix', () => {
  it('matches DESIGN.md: reads for all, control adds MONITOR, manage adds EXTERNAL_MODULE, config only admins', () => {
    const table = Object.fromEntries(
      ROLES.map((role) => [
        role,
        (['read', 'control', 'manage', 'configure'] as const).filter((p) => hasPermission(role, p)),
      ]),
    );
    expect(table).toEqual({
      SUPER_ADMIN: ['read', 'control', 'manage', 'configure'],
      MANAGER: ['read', 'control', 'manage', 'configure'],
      MONITOR: ['read', 'control'],
      VIEWER: ['read'],
      EXTERNAL_MODULE: ['read', 'control', 'manage'],
    });
  });
});

describe('readCredentials', () => {
  it('takes the Authorization header verbatim and gs-auth from a cookie list', () => {
    expect(readCredentials({ authorization: 'Bearer x', cookie: 'a=1; gs-auth=jwt; b=2' })).toEqual({
      authorization: 'Bearer x',
      gsAuthCookie: 'jwt',
    });
    expect(readCredentials({ cookie: 'a=1; gs-auth=' })).toBeUndefined();
    expect(readCredentials({})).toBeUndefined();
  });

  it('keys the cache by a hash, the header winning over the cookie', () => {
    const key = credentialsCacheKey({ authorization: 'Bearer x', gsAuthCookie: 'y' });
    expect(key).toBe(credentialsCacheKey({ authorization: 'Bearer x' }));
    expect(key).not.toContain('x');
    expect(credentialsCacheKey({ gsAuthCookie: 'y' })).not.toBe(key);
  });
});

describe('API tokens', () => {
  it('parses name:ROLE:hash entries and matches only the right token', () => {
    const a = generateApiToken('a', 'MANAGER');
    const b = generateApiToken('b', 'VIEWER');
    const entries = parseApiTokens(`${a.entry}, ${b.entry}`);
    expect(matchApiToken(entries, b.token)?.name).toBe('b');
    expect(matchApiToken(entries, 'chr_nope')).toBeUndefined();
  });

  it('names the malformed entry without echoing its hash', () => {
    expect(() => parseApiTokens('bot:GOD:abc')).toThrow(ConfigError);
    expect(() => parseApiTokens('bot:GOD:abc')).toThrow(/entry 1 \(bot\)/);
  });
});

describe('ensureAdminToken', () => {
  it('creates the token once, owner-readable only, and returns the same one afterwards', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-admin-'));
    const first = ensureAdminToken(dir);
    const second = ensureAdminToken(dir);
    expect(first.isNew).toBe(true);
    expect(second).toEqual({ ...first, isNew: false });
    expect(fs.statSync(first.file).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('createFailureLimiter', () => {
  it('blocks a client after the limit until its oldest failure leaves the window', () => {
    let clock = 0;
    const limiter = createFailureLimiter({ limit: 3, windowMs: 1000, now: () => clock });
    for (const at of [0, 100, 200]) {
      clock = at;
      expect(limiter.retryAfterMs('a')).toBe(0);
      limiter.recordFailure('a');
    }
    clock = 300;
    expect(limiter.retryAfterMs('a')).toBe(700);
    expect(limiter.retryAfterMs('b')).toBe(0);
    clock = 1000;
    expect(limiter.retryAfterMs('a')).toBe(0);
  });
});
