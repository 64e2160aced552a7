import { describe, expect, it } from 'vitest';
import { discoverCoreHub } from '../src/index.js';
import { getList, startClient, startSimulator } from './helpers/client.js';

// Discovery here only ever sends to 127.0.0.1: no test may broadcast or leave the machine.
describe('UDP discovery', () => {
  it('finds the simulator by scanning a port range on 127.0.0.1', async () => {
    const sim = await startSimulator({ discovery: { host: '127.0.0.1', port: 0 } });
    const discoveryPort = sim.discoveryPort as number;

    const url = await discoverCoreHub({
      host: '127.0.0.1',
      startPort: discoveryPort - 3,
      portRange: 10,
      timeoutMs: 3000,
    });

    expect(url).toBe(sim.url);
    expect(sim.journal({ kind: 'udp' })[0]?.headers['module-tag']).toBe('scheduler-module');
  });

  it('connects a client that has no URL through discovery', async () => {
    const sim = await startSimulator({ discovery: { host: '127.0.0.1', port: 0 } });
    const client = startClient({
      url: undefined,
      discovery: { host: '127.0.0.1', startPort: sim.discoveryPort as number, portRange: 1, timeoutMs: 3000 },
    });

    await expect(getList(client, '/pipelines')).resolves.toHaveLength(3);
    expect(client.state().url).toBe(sim.url);
  });

  it('uses the host a hub advertises instead of the datagram source', async () => {
    const sim = await startSimulator({
      discovery: { host: '127.0.0.1', port: 0, advertisedHost: 'localhost' },
    });
    const url = await discoverCoreHub({
      host: '127.0.0.1',
      startPort: sim.discoveryPort as number,
      portRange: 1,
    });

    expect(url).toBe(`http://localhost:${sim.port}`);
  });

  it('fails with a retryable error naming CORE_HUB_URL when nobody answers', async () => {
    const sim = await startSimulator({ discovery: { host: '127.0.0.1', port: 0 } });
    const silentPort = sim.discoveryPort as number;
    await sim.stop();

    const error = await discoverCoreHub({
      host: '127.0.0.1',
      startPort: silentPort,
      portRange: 1,
      timeoutMs: 300,
    }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'COREHUB_DISCOVERY_FAILED', retryable: true });
    expect((error as Error).message).toContain('CORE_HUB_URL');
  });
});
