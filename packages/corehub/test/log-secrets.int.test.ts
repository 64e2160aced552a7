import { describe, expect, it } from 'vitest';
import { createCapturingLogger, startClient, startSimulator, TEST_LICENSE } from './helpers/client.js';

describe('client logs', () => {
  it('never contain the license, the module token or a caller credential, through refreshes and failures', async () => {
    const sim = await startSimulator();
    const { logger, lines } = createCapturingLogger();
    const client = startClient({ url: sim.url, logger });
    await client.connect();
    sim.expireTokens();
    await client.listPipelines();
    sim.addFault({ route: 'POST /pipelines/:id/commands/sync/stop', status: 500 });
    await client
      .send({ method: 'POST', path: '/pipelines/8aeb9fb6/commands/sync/stop' })
      .catch(() => undefined);
    await client
      .getMe({ authorization: 'Bearer caller-secret-token', cookie: 'gs-auth=caller-secret-cookie' })
      .catch(() => undefined);
    sim.dropModuleConnections();
    await client.listPipelines();

    const output = JSON.stringify(lines);
    expect(lines.length).toBeGreaterThan(0);
    expect(output).not.toContain(TEST_LICENSE);
    expect(output).not.toContain('caller-secret');
    if (firstToken) expect(output).not.toContain(firstToken);
    const issued = sim
      .journal({ method: 'GET', path: '/pipelines' })
      .map((call) => String(call.headers.authorization));
    for (const bearer of issued) expect(output).not.toContain(bearer.replace(/^Bearer /, ''));

    async function currentToken(): Promise<string> {
      await client.listPipelines();
      const [call] = sim.journal({ method: 'GET', path: '/pipelines' });
      return String(call?.headers.authorization ?? '').replace(/^Bearer /, '');
    }
  });
});
