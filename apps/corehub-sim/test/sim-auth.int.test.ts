import { CoreHubUserSchema, INVALID_TOKEN_MESSAGE, LoginReplySchema } from '@chronos/corehub/contract';
import { describe, expect, it } from 'vitest';
import { DEFAULT_USERS } from '../src/index.js';
import { call, obtainModuleToken, startSim } from './helpers/sim.js';

describe('simulated CoreHub authentication', () => {
  it('logs a user in, returning the apiToken and the gs-auth cookie', async () => {
    const sim = await startSim();
    const reply = await call(sim, 'POST', '/authentication/login', {
      body: { username: 'admin', password: 'admin' },
    });

    expect(reply.status).toBe(200);
    expect(LoginReplySchema.parse(reply.body)).toEqual({
      apiToken: 'sim-super-admin-token',
      changeRequired: false,
    });
    expect(reply.headers.get('set-cookie')).toMatch(/^gs-auth=sim-super-admin-token;.*HttpOnly/);
  });

  it('refuses a wrong password with 401', async () => {
    const sim = await startSim();
    const reply = await call(sim, 'POST', '/authentication/login', {
      body: { username: 'admin', password: 'nope' },
    });
    expect(reply.status).toBe(401);
  });

  it.each(DEFAULT_USERS.map((user) => [user.role, user] as const))(
    'introspects a %s by bearer on /auth/me and by cookie on /authentication/me',
    async (role, user) => {
      const sim = await startSim();
      const byBearer = await call(sim, 'GET', '/auth/me', { token: user.token });
      const byCookie = await call(sim, 'GET', '/authentication/me', {
        cookie: `lang=en; gs-auth=${user.token}`,
      });

      expect(byBearer.status).toBe(200);
      expect(CoreHubUserSchema.parse(byBearer.body)).toMatchObject({ username: user.username, role });
      expect(byCookie.body).toEqual(byBearer.body);
    },
  );

  it("answers CoreHub's exact 401 body for a bad or missing token", async () => {
    const sim = await startSim();
    for (const token of ['forged', undefined]) {
      const reply = await call(sim, 'GET', '/pipelines', { token });
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ notificationId: -1, message: INVALID_TOKEN_MESSAGE });
    }
    expect(INVALID_TOKEN_MESSAGE).toBe(
      'Invalid authorization token, please retry or make a new login in order to obtain a fresh token',
    );
  });

  it('accepts a module JWT from the handshake and reports it as EXTERNAL_MODULE', async () => {
    const sim = await startSim();
    const token = await obtainModuleToken(sim);

    const me = await call(sim, 'GET', '/authentication/me', { token });
    expect(me.body).toMatchObject({ username: 'scheduler-module', role: 'EXTERNAL_MODULE' });
    expect((await call(sim, 'GET', '/pipelines', { token })).status).toBe(200);
  });

  it('rejects a module JWT once it expired', async () => {
    const sim = await startSim({ behaviour: { tokenTtlMs: 1 } });
    const token = await obtainModuleToken(sim);
    await new Promise((resolve) => setTimeout(resolve, 5));

    expect((await call(sim, 'GET', '/pipelines', { token })).status).toBe(401);
  });

  it('rejects every module JWT issued before an expire-tokens control', async () => {
    const sim = await startSim();
    const token = await obtainModuleToken(sim);
    const expired = await call(sim, 'POST', '/__sim/faults', { body: { action: 'expire-tokens' } });

    expect(expired.status).toBe(200);
    expect((await call(sim, 'GET', '/pipelines', { token })).status).toBe(401);
    expect((await call(sim, 'GET', '/pipelines', { token: await obtainModuleToken(sim) })).status).toBe(200);
  });

  it('rejects a JWT signed with another secret', async () => {
    const other = await startSim({ jwtSecret: 'another-secret-another-secret' });
    const sim = await startSim({ jwtSecret: 'the-real-secret-the-real-secret' });
    const foreign = await obtainModuleToken(other);

    expect((await call(sim, 'GET', '/pipelines', { token: foreign })).status).toBe(401);
  });
});
