import { describe, expect, it } from 'vitest';
import { CoreHubAuthError } from '../src/index.js';
import {
  createCapturingLogger,
  getList,
  startClient,
  startSimulator,
  TEST_LICENSE,
} from './helpers/client.js';

describe('module handshake', () => {
  it('sends Module-License, Module-Tag, Module-Port and Module-Scheme to /ext-module', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url, modulePort: 8443, moduleScheme: 'https' });
    await client.connect();

    const [handshake] = sim.journal({ path: '/ext-module' });
    expect(handshake?.headers).toMatchObject({
      'module-license': TEST_LICENSE,
      'module-tag': 'scheduler-module',
      'module-port': '8443',
      'module-scheme': 'https',
    });
    expect(client.state()).toMatchObject({ status: 'connected', url: sim.url, failedAttempts: 0 });
    expect(client.state().tokenExpiresAt).toBeInstanceOf(Date);
  });

  it('uses the module token as the Bearer of REST calls', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });
    const response = await client.send({
      method: 'POST',
      path: '/pipelines/8aeb9fb6/commands/sync/start',
      query: { entity: '98fd97b8', withSnapshot: false, snapshotWriteMethod: 'UPSERT' },
    });

    expect(response).toMatchObject({
      status: 202,
      body: 'Start sync command received and dispatched to agents',
    });
    const [call] = sim.journal({ method: 'POST', path: '/pipelines/8aeb9fb6/commands/sync/start' });
    expect(call?.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(call?.query).toEqual({ entity: '98fd97b8', withSnapshot: 'false', snapshotWriteMethod: 'UPSERT' });
    expect(sim.state.getEntityStatus('8aeb9fb6', '98fd97b8')?.isSyncActive).toBe(true);
  });

  it('lets concurrent connect() and send() callers share one connection attempt', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url });
    await Promise.all([
      client.connect(),
      client.connect(),
      client.connect(),
      getList(client, '/pipelines'),
      getList(client, '/pipelines/8aeb9fb6/config/groups'),
    ]);
    expect(sim.journal({ path: '/ext-module' })).toHaveLength(1);
    expect(sim.modules()).toHaveLength(1);
  });

  it('fails clearly, without retrying, when the hub refuses the license', async () => {
    const sim = await startSimulator();
    const client = startClient({ url: sim.url, license: 'SOMEONE-ELSES-LICENSE' });
    const error = await client.connect().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CoreHubAuthError);
    expect(error).toMatchObject({ code: 'COREHUB_HANDSHAKE_REFUSED', status: 401, retryable: false });
    expect((error as Error).message).toContain('license');
    expect(sim.journal({ path: '/ext-module' })).toHaveLength(1);
    expect(client.state().status).toBe('disconnected');
  });

  it('refuses to start in production when the license file is missing', async () => {
    const sim = await startSimulator();
    const client = startClient({
      url: sim.url,
      license: undefined,
      licenseFile: '/nonexistent/gs-license.dat',
      isProduction: true,
    });
    const error = await client.connect().catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'COREHUB_LICENSE_MISSING', retryable: false });
    expect((error as Error).message).toContain('/nonexistent/gs-license.dat');
    expect(sim.journal({ path: '/ext-module' })).toHaveLength(0);
  });

  it('only warns in development and connects without the header to a hub that accepts that', async () => {
    const sim = await startSimulator({ license: undefined });
    const { logger, lines } = createCapturingLogger();
    const client = startClient({ url: sim.url, license: undefined, licenseFile: undefined, logger });
    await client.connect();

    expect(sim.journal({ path: '/ext-module' })[0]?.headers).not.toHaveProperty('module-license');
    expect(lines.some((line) => line.level === 40 && String(line.msg).includes('license missing'))).toBe(
      true,
    );
  });
});
