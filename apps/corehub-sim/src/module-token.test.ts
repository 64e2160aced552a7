import { describe, expect, it } from 'vitest';
import { signModuleToken, verifyModuleToken } from './module-token.js';

const secret = 'unit-test-secret';
const now = Date.parse('2026-03-01T10:00:00Z');

describe('module JWT', () => {
  const { token, claims } = signModuleToken({
    moduleTag: 'scheduler-module',
    ttlMs: 60_000,
    generation: 3,
    secret,
    nowMs: now,
  });

  it('is an HS256 JWT with CoreHub-like claims', () => {
    const [header] = token.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });
    expect(claims).toMatchObject({
      iss: 'MOLO17',
      sub: 'scheduler-module',
      exp: Math.ceil((now + 60_000) / 1000),
    });
  });

  it('verifies until it expires', () => {
    expect(verifyModuleToken(token, { secret, nowMs: now + 59_999, generation: 3 })).toHaveProperty('claims');
    expect(verifyModuleToken(token, { secret, nowMs: now + 60_000, generation: 3 })).toEqual({
      error: 'expired',
    });
  });

  it('fails on another generation, a tampered payload or another secret', () => {
    expect(verifyModuleToken(token, { secret, nowMs: now, generation: 4 })).toEqual({ error: 'revoked' });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url');
    expect(
      verifyModuleToken(`${header}.${forged}.${signature}`, { secret, nowMs: now, generation: 3 }),
    ).toEqual({
      error: 'signature',
    });
    expect(verifyModuleToken(token, { secret: 'other', nowMs: now, generation: 3 })).toEqual({
      error: 'signature',
    });
    expect(verifyModuleToken('not-a-jwt', { secret, nowMs: now, generation: 3 })).toEqual({
      error: 'malformed',
    });
  });
});
