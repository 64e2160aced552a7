import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { call, MODULE_HEADERS, openModule, PIPELINE, startSim } from './helpers/sim.js';

/** A receiver standing in for a Chronos api: records what CoreHub POSTs to it. */
async function startReceiver() {
  const received: Array<{ path: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }> = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(text || '{}') });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ acknowledged: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

const webhook = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  webhookUrl: '{{chronos_address}}/api/webhooks/notify',
  enabled: true,
  enabledEvents: ['ENTITY_CDC_STOPPED'],
  pipelineFilter: [PIPELINE],
  entityFilter: ['98fd97b8'],
  groupFilter: [],
  customHeaders: { 'X-Event-ID': id, EXT_MODULE: 'chronos' },
  ...overrides,
});

describe('persistent webhooks', () => {
  it('keeps the list GET/PUT replace (callers only), and delivers matching lifecycle events to the module address', async () => {
    const sim = await startSim();
    const receiver = await startReceiver();
    try {
      const { frames } = await openModule(sim, { ...MODULE_HEADERS, 'Module-Port': String(receiver.port) });
      const token = frames[0]?.type === 'token' ? frames[0].token : '';
      expect((await call(sim, 'GET', '/global-config/webhooks')).status).toBe(401);
      const list = [
        webhook('match'),
        webhook('other-entity', { entityFilter: ['a3c1e2f0'] }),
        webhook('other-event', { enabledEvents: ['ENTITY_CDC_STARTED'] }),
        webhook('disabled', { enabled: false }),
      ];
      expect((await call(sim, 'PUT', '/global-config/webhooks', { token, body: list })).status).toBe(200);
      expect((await call(sim, 'GET', '/global-config/webhooks', { token })).body).toEqual(list);
      expect((await call(sim, 'PUT', '/global-config/webhooks', { token, body: [{ id: 1 }] })).status).toBe(
        400,
      );

      await call(sim, 'POST', `/pipelines/${PIPELINE}/commands/sync/stop?entity=98fd97b8`, { token });
      await expect
        .poll(() => sim.webhookDeliveries().filter((delivery) => delivery.status !== null).length)
        .toBe(1);
      expect(sim.webhookDeliveries()[0]).toMatchObject({
        webhookId: 'match',
        url: `http://127.0.0.1:${receiver.port}/api/webhooks/notify`,
        eventType: 'ENTITY_CDC_STOPPED',
        status: 200,
      });
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]?.headers).toMatchObject({ 'x-event-id': 'match', ext_module: 'chronos' });
      expect(receiver.received[0]?.body).toMatchObject({
        eventType: 'ENTITY_CDC_STOPPED',
        source: { kind: 'entity', id: '98fd97b8' },
      });

      // The test hook: one webhook now, to a chosen address.
      const delivery = await sim.deliverWebhook('other-entity', `http://127.0.0.1:${receiver.port}`);
      expect(delivery?.status).toBe(200);
      expect(receiver.received[1]?.headers['x-event-id']).toBe('other-entity');
    } finally {
      await receiver.close();
    }
  });
});
