import { AuthenticationError } from '@chronos/errors';
import { describe, expect, it } from 'vitest';
import { generateApiToken, parseApiTokens } from './api-tokens.js';
import { createAuthenticator, type IntrospectionResult } from './authenticator.js';
import type { Credentials } from './credentials.js';

function introspector(answers: Record<string, IntrospectionResult | Error>) {
  const calls: Credentials[] = [];
  return {
    calls,
    introspect: async (credentials: Credentials) => {
      calls.push(credentials);
      const answer = answers[credentials.authorization ?? `cookie:${credentials.gsAuthCookie}`];
      if (!answer) return { kind: 'rejected' } as const;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

const manager = { kind: 'user', username: 'daniele', role: 'MANAGER' } as const;

describe('createAuthenticator', () => {
  it('rejects a caller without credentials without asking CoreHub', async () => {
    const hub = introspector({});
    const auth = createAuthenticator({ introspect: hub.introspect, apiTokens: [], cacheTtlMs: 30_000 });
    await expect(auth.authenticate(undefined)).rejects.toMatchObject({ detail: 'Not authenticated' });
    expect(hub.calls).toHaveLength(0);
  });

  it('maps a CoreHub user to a principal with its role, from the header or the gs-auth cookie', async () => {
    const hub = introspector({
      'Bearer abc': manager,
      'cookie:xyz': { kind: 'user', username: 'v', role: 'VIEWER' },
    });
    const auth = createAuthenticator({ introspect: hub.introspect, apiTokens: [], cacheTtlMs: 0 });
    expect(await auth.authenticate({ authorization: 'Bearer abc' })).toEqual({
      username: 'daniele',
      role: 'MANAGER',
      source: 'corehub',
    });
    expect((await auth.authenticate({ gsAuthCookie: 'xyz' })).role).toBe('VIEWER');
  });

  it('caches successes within the TTL and asks again after it', async () => {
    let clock = 0;
    const hub = introspector({ 'Bearer abc': manager });
    const auth = createAuthenticator({
      introspect: hub.introspect,
      apiTokens: [],
      cacheTtlMs: 1000,
      now: () => clock,
    });
    await auth.authenticate({ authorization: 'Bearer abc' });
    clock = 999;
    await auth.authenticate({ authorization: 'Bearer abc' });
    expect(hub.calls).toHaveLength(1);
    clock = 1000;
    await auth.authenticate({ authorization: 'Bearer abc' });
    expect(hub.calls).toHaveLength(2);
  });

  it('never caches a rejection or a failed verification', async () => {
    const hub = introspector({ 'Bearer down': new Error('ECONNREFUSED') });
    const auth = createAuthenticator({ introspect: hub.introspect, apiTokens: [], cacheTtlMs: 60_000 });
    for (let i = 0; i < 2; i += 1) {
      await expect(auth.authenticate({ authorization: 'Bearer bad' })).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
      });
      await expect(auth.authenticate({ authorization: 'Bearer down' })).rejects.toMatchObject({
        code: 'AUTH_VERIFICATION_FAILED',
        detail: 'Authentication verification failed',
      });
    }
    expect(hub.calls).toHaveLength(4);
  });

  it.each([
    [{ kind: 'user', username: 'x', role: 'manager' }],
    [{ kind: 'user', username: 'x', role: 'ROOT' }],
    [{ kind: 'user', username: '', role: 'MANAGER' }],
    [{ kind: 'user', username: undefined, role: 'MANAGER' }],
  ] as const)(
    'fails verification for an answer without a username or with an unknown role: %j',
    async (answer) => {
      const hub = introspector({ 'Bearer t': answer });
      const auth = createAuthenticator({ introspect: hub.introspect, apiTokens: [], cacheTtlMs: 0 });
      await expect(auth.authenticate({ authorization: 'Bearer t' })).rejects.toMatchObject({
        code: 'AUTH_VERIFICATION_FAILED',
      });
    },
  );

  it('admits a static API token by its hash and never sends Chronos tokens to CoreHub', async () => {
    const { token, entry } = generateApiToken('ci-bot', 'EXTERNAL_MODULE');
    const hub = introspector({});
    const auth = createAuthenticator({
      introspect: hub.introspect,
      apiTokens: parseApiTokens(entry),
      cacheTtlMs: 0,
    });
    expect(await auth.authenticate({ authorization: `Bearer ${token}` })).toEqual({
      username: 'ci-bot',
      role: 'EXTERNAL_MODULE',
      source: 'api-token',
    });
    await expect(auth.authenticate({ authorization: `Bearer ${token}x` })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    expect(hub.calls).toHaveLength(0);
  });

  it('lets everything through as SUPER_ADMIN only when explicitly disabled', async () => {
    const auth = createAuthenticator({
      introspect: introspector({}).introspect,
      apiTokens: [],
      cacheTtlMs: 0,
      isDisabled: true,
    });
    expect((await auth.authenticate(undefined)).role).toBe('SUPER_ADMIN');
  });
});
