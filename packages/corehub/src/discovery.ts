/**
 * UDP discovery (DESIGN.md §6): when no CoreHub URL is configured, send the request datagram defined in
 * `contract/discovery-protocol.ts` to every port of `startPort … startPort+portRange-1` on `host`, resending
 * until a hub answers or `timeoutMs` passes. In production `host` is the broadcast address; tests pass
 * 127.0.0.1 so nothing leaves the machine.
 */
import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import {
  buildDiscoveredUrl,
  DISCOVERY_PROTOCOL_VERSION,
  DISCOVERY_REQUEST_TYPE,
  DiscoveryReplySchema,
  type DiscoveryRequest,
  parseDiscoveryDatagram,
} from './contract/discovery-protocol.js';
import { MODULE_TAG } from './contract/module-protocol.js';
import { CoreHubNetworkError } from './corehub-error.js';

export type DiscoveryOptions = {
  /** Where to send requests: a broadcast address in production, 127.0.0.1 in tests. */
  host: string;
  /** First port (default 1717). */
  startPort?: number;
  /** How many consecutive ports (default 10: 1717–1726). */
  portRange?: number;
  /** Give up after this long (default 3000 ms). */
  timeoutMs?: number;
  /** Resend every this often while waiting (default 500 ms); datagrams can be lost. */
  resendIntervalMs?: number;
  moduleTag?: string;
};

function isBroadcast(host: string): boolean {
  return host === '255.255.255.255' || /\.255$/.test(host);
}

/** Finds a CoreHub; resolves with its `scheme://host:port`, or throws a retryable CoreHubNetworkError. */
export async function discoverCoreHub(options: DiscoveryOptions, signal?: AbortSignal): Promise<string> {
  const startPort = options.startPort ?? 1717;
  const portRange = options.portRange ?? 10;
  const timeoutMs = options.timeoutMs ?? 3000;
  const request: DiscoveryRequest = {
    type: DISCOVERY_REQUEST_TYPE,
    version: DISCOVERY_PROTOCOL_VERSION,
    nonce: randomUUID(),
    moduleTag: options.moduleTag ?? MODULE_TAG,
  };
  const payload = Buffer.from(JSON.stringify(request));
  const target = `${options.host}:${startPort}-${startPort + portRange - 1}`;
  const socket = createSocket(isIPv6(options.host) ? 'udp6' : 'udp4');

  return new Promise<string>((resolve, reject) => {
    let resendTimer: NodeJS.Timeout | undefined;
    const finish = (outcome: { url: string } | { error: Error }) => {
      clearTimeout(deadline);
      clearInterval(resendTimer);
      signal?.removeEventListener('abort', onAbort);
      socket.close();
      if ('url' in outcome) resolve(outcome.url);
      else reject(outcome.error);
    };
    const fail = (message: string, code: string, cause?: unknown) =>
      finish({ error: new CoreHubNetworkError(message, { code, retryable: true, cause }) });
    const onAbort = () =>
      fail(`CoreHub discovery on ${target} was aborted`, 'COREHUB_ABORTED', signal?.reason);
    const deadline = setTimeout(
      () =>
        fail(
          `no CoreHub answered discovery on ${target} within ${timeoutMs} ms; set CORE_HUB_URL (or GLUESYNC_HOST)`,
          'COREHUB_DISCOVERY_FAILED',
        ),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });

    socket.on('message', (datagram, remote) => {
      const reply = parseDiscoveryDatagram(DiscoveryReplySchema, datagram);
      // Foreign datagrams and replies to someone else's request are normal on a shared port: ignore them.
      if (reply?.nonce === request.nonce) finish({ url: buildDiscoveredUrl(reply, remote.address) });
    });
    socket.on('error', (error) =>
      fail(`CoreHub discovery on ${target} failed: ${error.message}`, 'COREHUB_DISCOVERY_FAILED', error),
    );

    const sendAll = () => {
      for (let port = startPort; port < startPort + portRange; port += 1) {
        socket.send(payload, port, options.host, () => {
          // Per-datagram send errors (e.g. nothing routes there) are not fatal: another port may answer.
        });
      }
    };
    socket.bind(0, () => {
      if (isBroadcast(options.host)) socket.setBroadcast(true);
      sendAll();
      resendTimer = setInterval(sendAll, options.resendIntervalMs ?? 500);
    });
  });
}
