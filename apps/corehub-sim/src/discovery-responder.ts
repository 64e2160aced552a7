/**
 * Answers the UDP discovery datagram of `@chronos/corehub/contract` (discovery-protocol) with this hub's
 * scheme and port. Binds where it is told: 127.0.0.1 in tests, the configured host in `main.ts`.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import {
  DISCOVERY_PROTOCOL_VERSION,
  DISCOVERY_REPLY_TYPE,
  DiscoveryReplySchema,
  DiscoveryRequestSchema,
  parseDiscoveryDatagram,
} from '@chronos/corehub/contract';
import type { Journal } from './journal.js';

export type DiscoveryResponderOptions = {
  host: string;
  /** UDP port to listen on (0 = any free one; CoreHub uses 1717). */
  port: number;
  scheme: 'http' | 'https';
  /** The hub's HTTP port announced in replies. */
  httpPort: number;
  /** Announced host; left out so modules use the datagram's source address. */
  advertisedHost?: string;
  journal: Journal;
};

export type DiscoveryResponder = { port: number; close(): Promise<void> };

export function startDiscoveryResponder(options: DiscoveryResponderOptions): Promise<DiscoveryResponder> {
  const socket: Socket = createSocket({ type: isIPv6(options.host) ? 'udp6' : 'udp4', reuseAddr: false });
  socket.on('message', (datagram, remote) => {
    const request = parseDiscoveryDatagram(DiscoveryRequestSchema, datagram);
    if (!request) return;
    options.journal.record({
      kind: 'udp',
      method: 'DISCOVER',
      path: 'discovery',
      query: {},
      headers: { 'module-tag': request.moduleTag, 'remote-address': remote.address },
      status: 200,
    });
    const reply = DiscoveryReplySchema.parse({
      type: DISCOVERY_REPLY_TYPE,
      version: DISCOVERY_PROTOCOL_VERSION,
      nonce: request.nonce,
      scheme: options.scheme,
      port: options.httpPort,
      ...(options.advertisedHost ? { host: options.advertisedHost } : {}),
    });
    socket.send(JSON.stringify(reply), remote.port, remote.address);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, options.host, () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      resolve({
        port: socket.address().port,
        close: () => new Promise<void>((done) => socket.close(() => done())),
      });
    });
  });
}
