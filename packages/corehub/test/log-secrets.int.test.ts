import { describe, expect, it } from 'vitest';
import {
  createCapturingLogger,
  getList,
  startClient,
  startSimulator,
  TEST_LICENSE,
} from './helpers/client.js';

describe('client logs', () => {
  it('never contain the license, the module token or a caller credential, through refreshes and failures', async () => {
    const sim = await startSimulator();
    const { logger, lines } = createCapturingLogger();
    const client = startClient({ url: sim.url, logger });
    await getList(client, '/pipelines');
    sim.expireTokens();
    await getList(client, '/pipelines');
    sim.addFault({ route: 'POST /pipelines/:id/commands/sync/stop', status: 500 });
    await client
      .send({ method: 'POST', path: '/pipelines/8aeb9fb6/commands/sync/stop' })
      .catch(() => undefined);
    await client
      .getMe({ authorization: 'Bearer caller-secret-token', cookie: 'gs-auth=caller-secret-cookie' })
      .catch(() => undefined);
    sim.dropModuleConnections();
    await getList(client, '/pipelines');

    const output = JSON.stringify(lines);
    expect(lines.length).toBeGreaterThan(0);
    expect(output).not.toContain(TEST_LICENSE);
    expect(output).not.toContain('caller-secret');
    // Every module token the client used (before and after the refreshes) stays out of the logs.
    const used = sim
      .journal({ method: 'GET', path: '/pipelines' })
      .map((call) => String(call.headers.authorization));
    expect(new Set(used).size).toBeGreaterThan(1);
    for (const bearer of used) expect(output).not.toContain(bearer.replace(/^Bearer /, ''));
  });
});
